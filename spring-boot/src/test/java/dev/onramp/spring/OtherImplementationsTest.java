package dev.onramp.spring;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The names the refusal gives for where the other implementation's classes came from. */
class OtherImplementationsTest {

    @Test
    void namesTheJarOrDirectoryWhereverItLies() {
        assertThat(OtherImplementations.lastName("/root/.m2/repository/x/tomcat-embed-websocket-11.0.22.jar"))
                .isEqualTo("tomcat-embed-websocket-11.0.22.jar");
        assertThat(OtherImplementations.lastName("/work/app/target/test-classes/")).isEqualTo("test-classes");
        assertThat(OtherImplementations.lastName(
                "nested:/tmp/app/target/demo-0.0.1.jar/!BOOT-INF/lib/tomcat-embed-websocket-11.0.22.jar!/"))
                .as("inside Boot's executable jar").isEqualTo("tomcat-embed-websocket-11.0.22.jar");
    }
}
