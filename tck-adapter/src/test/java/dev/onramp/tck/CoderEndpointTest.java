package dev.onramp.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onramp.testing.JdkClient;
import java.net.URL;

import dev.onramp.tck.apps.coder.MirrorEndpoint;
import dev.onramp.tck.apps.coder.Point;
import dev.onramp.tck.apps.coder.PointDecoder;
import dev.onramp.tck.apps.coder.PointEncoder;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Decoders and encoders declared on @ServerEndpoint are loaded from the WAR and applied both ways. */
@ExtendWith(ArquillianExtension.class)
class CoderEndpointTest {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ShrinkWrap.create(WebArchive.class, "coder.war")
                .addClasses(MirrorEndpoint.class, Point.class, PointDecoder.class, PointEncoder.class);
    }

    @ArquillianResource
    URL url;

    @Test
    void decodesTheMessageAndEncodesTheReturnValue() throws Exception {
        try (JdkClient ws = DeployedEndpoints.connect(url, "mirror")) {
            ws.sendText("3, -4");

            assertThat(ws.nextText()).isEqualTo("Point(x=-3, y=4)");
        }
    }

    @Test
    void decodeFailureReachesOnErrorAndTheSessionStaysUsable() throws Exception {
        try (JdkClient ws = DeployedEndpoints.connect(url, "mirror")) {
            ws.sendText("not a point");
            assertThat(ws.nextText()).startsWith("decode error: ");

            ws.sendText("1,1");
            assertThat(ws.nextText()).isEqualTo("Point(x=-1, y=-1)");
        }
    }
}
