package dev.onramp.spring.it;

import dev.onramp.testing.JdkClient;
import dev.onramp.testing.Frames;
import dev.onramp.testing.RawWebSocket;
import dev.onramp.spring.it.app.WebSocketApplication;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code @ServerEndpoint} exported by {@code ServerEndpointExporter} ({@code /annotated}) and an
 * {@code @EnableWebSocket} handler ({@code /handler}) in one Boot application with the starter, on embedded Tomcat and
 * Jetty, driven by the JDK's client and a raw socket. Exporting the endpoint at all needs Onramp's deployment to
 * last until the first request: Boot initialises the servlet context before Spring creates the exporter.
 */
class EndpointStylesIT {

    @RegisterExtension
    static final AppsPerContainer APPS = new AppsPerContainer(WebSocketApplication.class);

    static Stream<Arguments> endpoints() {
        return BootContainer.both().stream()
                .flatMap(container -> Stream.of(Arguments.of(container, "/annotated"), Arguments.of(container, "/handler")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("endpoints")
    void textWithMultiByteUtf8IsEchoedByOnrampsSession(BootContainer container, String path) throws Exception {
        JdkClient client = JdkClient.connect(APPS.get(container).ws(path));
        String text = "Grüße, 世界 ✓ 😀";
        client.socket().sendText(text, true).get(20, TimeUnit.SECONDS);
        assertThat(client.next()).isEqualTo(text);
        client.socket().sendText("who", true).get(20, TimeUnit.SECONDS);
        assertThat((String) client.next()).as("the session under the endpoint").startsWith("dev.onramp.websocket.");
        client.socket().sendClose(1000, "done").get(20, TimeUnit.SECONDS);
        assertThat(client.closeCode.get(20, TimeUnit.SECONDS)).isEqualTo(1000);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("endpoints")
    void aOneMebibyteBinaryMessageComesBackWhole(BootContainer container, String path) throws Exception {
        byte[] payload = new byte[1024 * 1024];
        new Random(13).nextBytes(payload);
        JdkClient client = JdkClient.connect(APPS.get(container).ws(path));
        client.socket().sendBinary(ByteBuffer.wrap(payload), true).get(60, TimeUnit.SECONDS);
        assertThat((byte[]) client.next(60)).isEqualTo(payload);
        client.socket().sendClose(1000, "done").get(20, TimeUnit.SECONDS);
        assertThat(client.closeCode.get(20, TimeUnit.SECONDS)).isEqualTo(1000);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("endpoints")
    void aClientThatSends200MillisecondsAfterThe101IsEchoedAndClosedCleanly(BootContainer container, String path)
            throws Exception {
        try (RawWebSocket ws = RawWebSocket.upgrade(APPS.get(container).port(), path, 20_000)) {
            Thread.sleep(200); // the behaviour under test: a client that sends a while after the upgrade, not a wait
            ws.sendText("typed later");
            assertThat(ws.readFrame().text()).isEqualTo("typed later");
            ws.sendClose(1000);
            Frames.Frame close = ws.readFrame();
            assertThat(close.opcode()).isEqualTo(0x8);
            assertThat(close.closeCode()).isEqualTo(1000);
            assertThat(ws.read()).as("the server ends TCP after the close handshake").isEqualTo(-1);
        }
    }
}
