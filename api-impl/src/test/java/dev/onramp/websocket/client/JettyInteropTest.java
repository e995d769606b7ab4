package dev.onramp.websocket.client;

import dev.onramp.testing.Await;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.Writer;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Onramp's client against Jetty 12's own Jakarta WebSocket server. */
class JettyInteropTest {

    /** Refuses every handshake whose Origin is not "http://allowed.example" (Jetty answers 403). */
    public static class OriginCheck extends ServerEndpointConfig.Configurator {
        static final CompletableFuture<Map<String, List<String>>> SEEN = new CompletableFuture<>();

        @Override
        public boolean checkOrigin(String originHeaderValue) {
            return "http://allowed.example".equals(originHeaderValue);
        }

        @Override
        public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
            SEEN.complete(request.getHeaders());
        }
    }

    private static JettyServer server;
    private static OnrampClientContainer container;

    @BeforeAll
    static void start() throws Exception {
        server = new JettyServer(List.of(
                ServerEndpointConfig.Builder.create(EchoEndpoints.Echo.class, "/guarded")
                        .configurator(new OriginCheck()).build()),
                List.of(EchoEndpoints.Echo.class));
        container = new OnrampClientContainer();
    }

    @AfterAll
    static void stop() throws Exception {
        container.close();
        server.close();
    }

    private URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + server.port() + path);
    }

    @Test
    void echoesTextAndBinary() throws Exception {
        ClientRecorder client = new ClientRecorder();
        Session session = container.connectToServer(client, ClientEndpointConfig.Builder.create().build(), uri("/echo"));
        assertThat(client.opened).isCompleted();
        session.getBasicRemote().sendText("hello");
        assertThat(client.next()).isEqualTo("hello");
        session.getBasicRemote().sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        assertThat((byte[]) client.next()).containsExactly(1, 2, 3);
        session.getAsyncRemote().sendText("async").get(ClientRecorder.WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(client.next()).isEqualTo("async");
        session.close();
        assertThat(client.awaitClose().getCloseCode()).isEqualTo(CloseReason.CloseCodes.NORMAL_CLOSURE);
    }

    @Test
    void sendsPartialAndStreamedMessagesAndReceivesInPieces() throws Exception {
        ClientRecorder client = new ClientRecorder.Partial();
        Session session = container.connectToServer(client, ClientEndpointConfig.Builder.create().build(), uri("/echo"));
        session.getBasicRemote().sendText("one ", false);
        session.getBasicRemote().sendText("two ", false);
        session.getBasicRemote().sendText("three", true);
        assertThat(client.next()).isEqualTo("one two three");
        try (Writer writer = session.getBasicRemote().getSendWriter()) {
            writer.write("streamed ");
            writer.write("x".repeat(20_000));
        }
        assertThat(client.next()).isEqualTo("streamed " + "x".repeat(20_000));
        session.getBasicRemote().sendText("big:50000");
        assertThat((String) client.next()).hasSize(50_000);
        session.close();
    }

    @Test
    void negotiatesASubprotocol() throws Exception {
        ClientRecorder client = new ClientRecorder();
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create()
                .preferredSubprotocols(List.of("nonsense", "superchat")).build();
        Session session = container.connectToServer(client, config, uri("/echo"));
        assertThat(session.getNegotiatedSubprotocol()).isEqualTo("superchat");
        session.getBasicRemote().sendText("protocol?");
        assertThat(client.next()).isEqualTo("protocol=superchat");
        session.close();
    }

    @Test
    void unknownPathIsA404DeploymentException() {
        assertThatThrownBy(() -> container.connectToServer(new ClientRecorder(),
                ClientEndpointConfig.Builder.create().build(), uri("/nowhere")))
                .isInstanceOf(DeploymentException.class)
                .hasMessageContaining("404");
    }

    @Test
    void forbiddenOriginIsA403AndAnOriginSetByTheConfiguratorIsSent() throws Exception {
        assertThatThrownBy(() -> container.connectToServer(new ClientRecorder(),
                ClientEndpointConfig.Builder.create().build(), uri("/guarded")))
                .isInstanceOf(DeploymentException.class)
                .hasMessageContaining("403");

        CompletableFuture<Map<String, List<String>>> response = new CompletableFuture<>();
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create().configurator(new ClientEndpointConfig.Configurator() {
            @Override
            public void beforeRequest(Map<String, List<String>> headers) {
                headers.put("Origin", List.of("http://allowed.example"));
            }

            @Override
            public void afterResponse(HandshakeResponse hr) {
                response.complete(hr.getHeaders());
            }
        }).build();
        ClientRecorder client = new ClientRecorder();
        Session session = container.connectToServer(client, config, uri("/guarded"));
        assertThat(OriginCheck.SEEN.get(ClientRecorder.WAIT_SECONDS, TimeUnit.SECONDS)).containsKey("Sec-WebSocket-Key");
        assertThat(response).isCompleted();
        assertThat(response.get().get("sec-websocket-accept")).hasSize(1);
        session.getBasicRemote().sendText("through");
        assertThat(client.next()).isEqualTo("through");
        session.close();
    }

    @Test
    void serverInitiatedCloseReachesOnClose() throws Exception {
        ClientRecorder client = new ClientRecorder();
        Session session = container.connectToServer(client, ClientEndpointConfig.Builder.create().build(), uri("/echo"));
        session.getBasicRemote().sendText("close:4001");
        CloseReason reason = client.awaitClose();
        assertThat(reason.getCloseCode().getCode()).isEqualTo(4001);
        assertThat(reason.getReasonPhrase()).isEqualTo("asked to");
    }

    @Test
    void aMessageOverTheClientsLimitClosesWith1009() throws Exception {
        ClientRecorder client = new ClientRecorder();
        Session session = container.connectToServer(client, ClientEndpointConfig.Builder.create().build(), uri("/echo"));
        session.setMaxTextMessageBufferSize(1000);
        session.getBasicRemote().sendText("big:5000");
        assertThat(client.awaitClose().getCloseCode()).isEqualTo(CloseReason.CloseCodes.TOO_BIG);
    }

    @Test
    void closingTheContainerClosesItsSessionsWithGoingAway() throws Exception {
        OnrampClientContainer own = new OnrampClientContainer();
        ClientRecorder first = new ClientRecorder();
        ClientRecorder second = new ClientRecorder();
        Session a = own.connectToServer(first, ClientEndpointConfig.Builder.create().build(), uri("/echo"));
        Session b = own.connectToServer(second, ClientEndpointConfig.Builder.create().build(), uri("/echo"));
        assertThat(a.getOpenSessions()).contains(a, b);
        own.close();
        assertThat(first.awaitClose().getCloseCode()).isEqualTo(CloseReason.CloseCodes.GOING_AWAY);
        assertThat(second.awaitClose().getCloseCode()).isEqualTo(CloseReason.CloseCodes.GOING_AWAY);
        assertThat(a.isOpen()).isFalse();
    }

    @Test
    void theContainersDefaultsApplyToItsSessions() throws Exception {
        OnrampClientContainer own = new OnrampClientContainer();
        own.setDefaultMaxSessionIdleTimeout(300);
        own.setDefaultMaxTextMessageBufferSize(2000);
        ClientRecorder client = new ClientRecorder();
        Session session = own.connectToServer(client, ClientEndpointConfig.Builder.create().build(), uri("/echo"));
        assertThat(session.getMaxIdleTimeout()).isEqualTo(300);
        assertThat(session.getMaxTextMessageBufferSize()).isEqualTo(2000);
        // nothing is sent: the idle timeout closes the session
        assertThat(client.awaitClose()).isNotNull();
        // isOpen() turns false only once onClose has returned (DESIGN.md), so it may still be true right now
        Await.until("isOpen() false once onClose returned", () -> !session.isOpen());
    }

    @Test
    void manySessionsShareTheSelectorThreads() throws Exception {
        int before = selectorThreads();
        ClientRecorder[] clients = new ClientRecorder[20];
        Session[] sessions = new Session[clients.length];
        for (int i = 0; i < clients.length; i++) {
            clients[i] = new ClientRecorder();
            sessions[i] = new OnrampClientContainer().connectToServer(clients[i],
                    ClientEndpointConfig.Builder.create().build(), uri("/echo"));
        }
        for (int i = 0; i < clients.length; i++) {
            sessions[i].getBasicRemote().sendText("n" + i);
        }
        for (int i = 0; i < clients.length; i++) {
            assertThat(clients[i].next()).isEqualTo("n" + i);
            sessions[i].close();
        }
        assertThat(selectorThreads()).isLessThanOrEqualTo(Math.max(before, 2));
    }

    static int selectorThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("onramp-client-selector")).count();
    }
}
