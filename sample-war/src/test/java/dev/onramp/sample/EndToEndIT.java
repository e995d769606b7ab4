package dev.onramp.sample;

import dev.onramp.sample.ServerUnderTest.Kind;
import dev.onramp.testing.JdkClient;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample WAR end to end, in Jetty 12 and Tomcat 11, with clients Onramp did not write: the JDK's
 * java.net.http.WebSocket and Jetty 12's Jakarta WebSocket client.
 */
class EndToEndIT {

    @RegisterExtension
    static final ServersPerContainer SERVERS = new ServersPerContainer();

    @ParameterizedTest
    @MethodSource("dev.onramp.sample.ServersPerContainer#containers")
    void echoesTextAndBinaryToTheJdkClient(Kind kind) throws Exception {
        JdkClient client = JdkClient.connect(SERVERS.get(kind).ws("/echo"));
        client.socket().sendText("héllo wörld", true).get(20, TimeUnit.SECONDS);
        assertThat(client.next()).isEqualTo("héllo wörld");
        byte[] payload = new byte[1024 * 1024];
        new Random(1).nextBytes(payload);
        client.socket().sendBinary(ByteBuffer.wrap(payload), true).get(20, TimeUnit.SECONDS);
        assertThat((byte[]) client.next()).isEqualTo(payload);
        client.socket().sendClose(1000, "bye").get(20, TimeUnit.SECONDS);
        assertThat(client.closeCode.get(20, TimeUnit.SECONDS)).isEqualTo(1000);
    }

    @ParameterizedTest
    @MethodSource("dev.onramp.sample.ServersPerContainer#containers")
    void negotiatesTheSubprotocolWithTheJdkClient(Kind kind) throws Exception {
        JdkClient client = JdkClient.connect(SERVERS.get(kind).ws("/echo"), "nope", "echo");
        assertThat(client.socket().getSubprotocol()).isEqualTo("echo");
        client.socket().sendText("p", true).get(20, TimeUnit.SECONDS);
        assertThat(client.next()).isEqualTo("p");
        client.socket().abort();
    }

    @ParameterizedTest
    @MethodSource("dev.onramp.sample.ServersPerContainer#containers")
    void echoesToJettysJakartaClient(Kind kind) throws Exception {
        WebSocketContainer container = ContainerProvider.getWebSocketContainer();
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        CompletableFuture<CloseReason> closed = new CompletableFuture<>();
        Session session = container.connectToServer(new Endpoint() {
            @Override
            public void onOpen(Session s, EndpointConfig config) {
                s.addMessageHandler(String.class, (MessageHandler.Whole<String>) received::add);
            }

            @Override
            public void onClose(Session s, CloseReason reason) {
                closed.complete(reason);
            }
        }, ClientEndpointConfig.Builder.create().build(), SERVERS.get(kind).ws("/echo?x=1"));
        session.getBasicRemote().sendText("from jetty");
        assertThat(received.poll(20, TimeUnit.SECONDS)).isEqualTo("from jetty");
        session.close();
        assertThat(closed.get(20, TimeUnit.SECONDS).getCloseCode().getCode()).isEqualTo(1000);
    }

    @ParameterizedTest
    @MethodSource("dev.onramp.sample.ServersPerContainer#containers")
    void chatRoomsRouteByPathParameterThroughTheCoders(Kind kind) throws Exception {
        ServerUnderTest server = SERVERS.get(kind);
        JdkClient ann = JdkClient.connect(server.ws("/chat/lobby"));
        JdkClient bob = JdkClient.connect(server.ws("/chat/lobby"));
        JdkClient eve = JdkClient.connect(server.ws("/chat/elsewhere"));
        assertThat(ann.next()).isEqualTo("lobby: welcome");
        assertThat(bob.next()).isEqualTo("lobby: welcome");
        assertThat(eve.next()).isEqualTo("elsewhere: welcome");
        ann.socket().sendText("ann: hi all", true).get(20, TimeUnit.SECONDS);
        assertThat(ann.next()).isEqualTo("lobby/ann: hi all");
        assertThat(bob.next()).isEqualTo("lobby/ann: hi all");
        eve.socket().sendText("eve: hello?", true).get(20, TimeUnit.SECONDS);
        assertThat(eve.next()).isEqualTo("elsewhere/eve: hello?");
        assertThat(ann.messages).isEmpty();
        for (JdkClient c : new JdkClient[] {ann, bob, eve}) {
            c.socket().abort();
        }
    }

    @ParameterizedTest
    @MethodSource("dev.onramp.sample.ServersPerContainer#containers")
    void upgradesFromAPlainServlet(Kind kind) throws Exception {
        JdkClient client = JdkClient.connect(SERVERS.get(kind).ws("/upgrade/bob"));
        client.socket().sendText("x", true).get(20, TimeUnit.SECONDS);
        assertThat(client.next()).isEqualTo("bob: x");
        client.socket().abort();
    }

    @ParameterizedTest
    @MethodSource("dev.onramp.sample.ServersPerContainer#containers")
    void contextShutdownClosesSessionsWith1001(Kind kind) throws Exception {
        try (ServerUnderTest server = ServerUnderTest.start(kind)) {
            JdkClient client = JdkClient.connect(server.ws("/echo"));
            client.socket().sendText("ping", true).get(20, TimeUnit.SECONDS);
            assertThat(client.next()).isEqualTo("ping");
            server.stopWebapp();
            assertThat(client.closeCode.get(20, TimeUnit.SECONDS)).isEqualTo(1001);
        }
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
