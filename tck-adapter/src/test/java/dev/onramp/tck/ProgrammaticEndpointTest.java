package dev.onramp.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onramp.testing.JdkClient;
import java.net.URL;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.ExecutionException;

import dev.onramp.tck.apps.programmatic.EchoApplicationConfig;
import dev.onramp.tck.apps.programmatic.FilteredOutEndpoint;
import dev.onramp.tck.apps.programmatic.PrefixingEchoEndpoint;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A ServerApplicationConfig in the WAR decides what is deployed: its programmatic endpoint, not the annotated one. */
@ExtendWith(ArquillianExtension.class)
class ProgrammaticEndpointTest {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ShrinkWrap.create(WebArchive.class, "programmatic.war")
                .addClasses(EchoApplicationConfig.class, PrefixingEchoEndpoint.class, FilteredOutEndpoint.class);
    }

    @ArquillianResource
    URL url;

    @Test
    void programmaticEndpointIsServedWithItsConfigsUserProperties() throws Exception {
        try (JdkClient ws = DeployedEndpoints.connect(url, "programmatic")) {
            ws.sendText("ping");

            assertThat(ws.nextText()).isEqualTo("programmatic:ping");
        }
    }

    @Test
    void annotatedEndpointFilteredOutByTheConfigIsNotServed() {
        assertThatThrownBy(() -> DeployedEndpoints.connect(url, "filtered"))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .extracting(e -> ((WebSocketHandshakeException) e).getResponse().statusCode())
                .isEqualTo(404);
    }
}
