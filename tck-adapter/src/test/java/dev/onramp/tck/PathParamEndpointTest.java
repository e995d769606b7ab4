package dev.onramp.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onramp.testing.JdkClient;
import java.net.URL;

import dev.onramp.tck.apps.pathparam.LobbyAdminEndpoint;
import dev.onramp.tck.apps.pathparam.RoomEndpoint;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** URI templates under a context path: variables bound and converted, and an exact path preferred over a template. */
@ExtendWith(ArquillianExtension.class)
class PathParamEndpointTest {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ShrinkWrap.create(WebArchive.class, "pathparam.war")
                .addClasses(RoomEndpoint.class, LobbyAdminEndpoint.class);
    }

    @ArquillianResource
    URL url;

    @Test
    void templateVariablesAreBoundAndConverted() throws Exception {
        try (JdkClient ws = DeployedEndpoints.connect(url, "rooms/kitchen/users/41")) {
            ws.sendText("hi");

            assertThat(ws.nextText()).isEqualTo("kitchen/42: hi");
        }
    }

    @Test
    void exactPathWinsOverAMatchingTemplate() throws Exception {
        try (JdkClient exact = DeployedEndpoints.connect(url, "rooms/lobby/users/0");
                JdkClient template = DeployedEndpoints.connect(url, "rooms/lobby/users/1")) {
            exact.sendText("a");
            template.sendText("b");

            assertThat(exact.nextText()).isEqualTo("exact: a");
            assertThat(template.nextText()).isEqualTo("lobby/2: b");
        }
    }
}
