package dev.onramp.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onramp.testing.JdkClient;
import java.net.URL;
import java.nio.charset.StandardCharsets;

import dev.onramp.tck.apps.echo.EchoEndpoint;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An annotated endpoint in a WAR is found by Onramp's initializer and served under the context path. */
@ExtendWith(ArquillianExtension.class)
class AnnotatedEchoEndpointTest {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ShrinkWrap.create(WebArchive.class, "annotated-echo.war").addClass(EchoEndpoint.class);
    }

    @ArquillianResource
    URL url;

    @Test
    void echoesTextAndBinaryAndClosesNormally() throws Exception {
        try (JdkClient ws = DeployedEndpoints.connect(url, "echo")) {
            ws.sendText("hello onramp");
            assertThat(ws.nextText()).isEqualTo("hello onramp");

            byte[] bytes = "binary \u0000\u00ff".getBytes(StandardCharsets.UTF_8);
            ws.sendBinary(bytes);
            assertThat(ws.next()).isEqualTo(bytes);

            assertThat(ws.closeNormally()).isEqualTo(1000);
        }
    }

    @Test
    void callbacksRunWithTheWebappClassLoaderAsContextClassLoader() throws Exception {
        try (JdkClient ws = DeployedEndpoints.connect(url, "echo")) {
            ws.sendText("tccl?");

            assertThat(ws.nextText()).isEqualTo("tccl is webapp loader: true");
        }
    }
}
