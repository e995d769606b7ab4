package dev.onramp.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.ExecutionException;

import dev.onramp.tck.apps.negdep.TwoOnOpenEndpoint;
import dev.onramp.tck.apps.negdep.ValidEchoEndpoint;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The TCK's negative-deployment shape: an invalid endpoint next to a valid one. deploy() returns (or no test would
 * run), and no endpoint of that application is served.
 */
@ExtendWith(ArquillianExtension.class)
class InvalidEndpointDeploymentTest {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ShrinkWrap.create(WebArchive.class, "invalid-endpoint.war")
                .addClasses(TwoOnOpenEndpoint.class, ValidEchoEndpoint.class);
    }

    @ArquillianResource
    URL url;

    @Test
    void deploymentReturnedWithTheContextUrl() {
        assertThat(url.getPath()).isEqualTo("/invalid-endpoint/");
    }

    @Test
    void neitherTheInvalidNorTheValidEndpointIsServed() {
        for (String path : new String[] {"invalid", "echo"}) {
            assertThatThrownBy(() -> DeployedEndpoints.connect(url, path))
                    .as(path)
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(WebSocketHandshakeException.class);
        }
    }
}
