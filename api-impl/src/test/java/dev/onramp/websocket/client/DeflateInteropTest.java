package dev.onramp.websocket.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onramp.websocket.endpoint.ExtensionHeaders;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Extension;
import jakarta.websocket.Session;

import java.io.Writer;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Onramp's client with permessage-deflate against a server Onramp did not write (Jetty 12's, which compresses its
 * answers), and against raw servers whose answers a client must refuse.
 */
class DeflateInteropTest {

    private static JettyServer server;
    private static OnrampClientContainer container;

    @BeforeAll
    static void start() throws Exception {
        server = new JettyServer(List.of(), List.of(EchoEndpoints.Echo.class));
        container = new OnrampClientContainer();
        container.setDefaultMaxTextMessageBufferSize(4 * 1024 * 1024);
        container.setDefaultMaxBinaryMessageBufferSize(4 * 1024 * 1024);
    }

    @AfterAll
    static void stop() throws Exception {
        container.close();
        server.close();
    }

    private static ClientEndpointConfig offering(String header) {
        return ClientEndpointConfig.Builder.create().extensions(ExtensionHeaders.parse(List.of(header))).build();
    }

    @Test
    void compressedMessagesBothWaysWithJettysServer() throws Exception {
        ClientRecorder client = new ClientRecorder();
        Session session = container.connectToServer(client, offering("permessage-deflate; client_max_window_bits"),
                URI.create("ws://127.0.0.1:" + server.port() + "/echo"));
        assertThat(session.getNegotiatedExtensions()).extracting(Extension::getName)
                .containsExactly("permessage-deflate");
        for (int i = 0; i < 3; i++) { // later messages refer back into earlier ones (context takeover)
            session.getBasicRemote().sendText("Hello, deflate " + i);
            assertThat(client.next()).isEqualTo("Hello, deflate " + i);
        }
        session.getBasicRemote().sendText("big:300000"); // Jetty compresses 300000 'x' to a few hundred bytes
        assertThat(client.next()).isEqualTo("x".repeat(300_000));
        byte[] noise = new byte[60_000]; // under Jetty's 64 KiB default message limit, as the fragments below
        new Random(3).nextBytes(noise);
        session.getBasicRemote().sendBinary(ByteBuffer.wrap(noise));
        assertThat((byte[]) client.next()).isEqualTo(noise);
        session.getBasicRemote().sendText("");
        assertThat(client.next()).isEqualTo("");
        try (Writer writer = session.getBasicRemote().getSendWriter()) { // fragments: RSV1 on the first only
            for (int i = 0; i < 3000; i++) {
                writer.write("fragment " + i + "; ");
            }
        }
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            expected.append("fragment ").append(i).append("; ");
        }
        assertThat(client.next()).isEqualTo(expected.toString());
        session.getAsyncRemote().sendText("async").get(ClientRecorder.WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(client.next()).isEqualTo("async");
        session.close();
        assertThat(client.closed.get(ClientRecorder.WAIT_SECONDS, TimeUnit.SECONDS).getCloseCode().getCode())
                .isEqualTo(1000);
        assertThat(client.errors).isEmpty();
    }

    @Test
    void noContextTakeoverBothWays() throws Exception {
        ClientRecorder client = new ClientRecorder();
        Session session = container.connectToServer(client,
                offering("permessage-deflate; server_no_context_takeover; client_no_context_takeover"),
                URI.create("ws://127.0.0.1:" + server.port() + "/echo"));
        assertThat(ExtensionHeaders.format(session.getNegotiatedExtensions()))
                .contains("server_no_context_takeover").contains("client_no_context_takeover");
        for (int i = 0; i < 3; i++) {
            session.getBasicRemote().sendText("again and again " + i);
            assertThat(client.next()).isEqualTo("again and again " + i);
        }
        session.close();
    }

    @Test
    void anAnswerWithAWindowParameterTheClientDidNotOfferFailsTheConnect() throws Exception {
        assertRefused("Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits=10\r\n",
                "client_max_window_bits");
    }

    @Test
    void aMalformedOrUnknownParameterFailsTheConnect() throws Exception {
        assertRefused("Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=99\r\n", "8..15");
        assertRefused("Sec-WebSocket-Extensions: permessage-deflate; x-unknown\r\n", "unknown parameter x-unknown");
        assertRefused("Sec-WebSocket-Extensions: permessage-deflate, permessage-deflate\r\n", "twice");
    }

    private void assertRefused(String header, String why) throws Exception {
        try (RawServer raw = new RawServer(socket -> {
            Map<String, String> request = RawServer.readHead(socket.getInputStream());
            socket.getOutputStream().write(RawServer.switching(request, header));
            socket.getInputStream().read();
        })) {
            assertThatThrownBy(() -> container.connectToServer(new ClientRecorder(), offering("permessage-deflate"),
                    URI.create("ws://127.0.0.1:" + raw.port() + "/")))
                    .isInstanceOf(DeploymentException.class)
                    .hasMessageContaining("permessage-deflate").hasMessageContaining(why);
        }
    }
}
