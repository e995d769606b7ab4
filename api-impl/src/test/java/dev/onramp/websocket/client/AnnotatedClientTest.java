package dev.onramp.websocket.client;

import jakarta.websocket.ClientEndpoint;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.EncodeException;
import jakarta.websocket.Encoder;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** @ClientEndpoint classes and instances, and the provider, against Jetty. */
class AnnotatedClientTest {

    /** A value with its own text form, to prove the annotation's encoder and decoder are used. */
    public record Point(int x, int y) {
    }

    public static class PointCoder implements Encoder.Text<Point>, Decoder.Text<Point> {
        @Override
        public String encode(Point p) throws EncodeException {
            return p.x() + "," + p.y();
        }

        @Override
        public Point decode(String s) throws DecodeException {
            String[] parts = s.split(",");
            return new Point(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        }

        @Override
        public boolean willDecode(String s) {
            return s.matches("-?\\d+,-?\\d+");
        }

        @Override
        public void init(jakarta.websocket.EndpointConfig config) {
        }

        @Override
        public void destroy() {
        }
    }

    public static class AddsHeader extends ClientEndpointConfig.Configurator {
        static final CompletableFuture<Map<String, List<String>>> RESPONSE = new CompletableFuture<>();

        @Override
        public void beforeRequest(Map<String, List<String>> headers) {
            headers.put("X-Test", List.of("yes"));
        }

        @Override
        public void afterResponse(jakarta.websocket.HandshakeResponse hr) {
            RESPONSE.complete(hr.getHeaders());
        }
    }

    @ClientEndpoint(subprotocols = {"chat"}, encoders = PointCoder.class, decoders = PointCoder.class,
            configurator = AddsHeader.class)
    public static class PointClient {
        static final BlockingQueue<Object> RECEIVED = new LinkedBlockingQueue<>();
        final CompletableFuture<CloseReason> closed = new CompletableFuture<>();

        @OnOpen
        public void open(Session session) throws Exception {
            session.getBasicRemote().sendObject(new Point(3, 4));
        }

        @OnMessage
        public void point(Point p) {
            RECEIVED.add(p);
        }

        @OnClose
        public void close(CloseReason reason) {
            closed.complete(reason);
        }
    }

    @ClientEndpoint
    public static class Illegal {
        @OnMessage
        public void twoStrings(String a, String b) {
        }
    }

    private static JettyServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new JettyServer(List.of(), List.of(EchoEndpoints.Echo.class));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static URI echo() {
        return URI.create("ws://127.0.0.1:" + server.port() + "/echo");
    }

    @Test
    void anAnnotatedInstanceUsesItsEncodersDecodersSubprotocolsAndConfigurator() throws Exception {
        PointClient pojo = new PointClient();
        Session session = new OnrampClientContainer().connectToServer(pojo, echo());
        assertThat(session.getNegotiatedSubprotocol()).isEqualTo("chat");
        assertThat(PointClient.RECEIVED.poll(ClientRecorder.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(new Point(3, 4));
        assertThat(AddsHeader.RESPONSE.get(ClientRecorder.WAIT_SECONDS, TimeUnit.SECONDS)).containsKey("Upgrade");
        session.close();
        assertThat(pojo.closed.get(ClientRecorder.WAIT_SECONDS, TimeUnit.SECONDS).getCloseCode())
                .isEqualTo(CloseReason.CloseCodes.NORMAL_CLOSURE);
    }

    @Test
    void anAnnotatedClassIsInstantiated() throws Exception {
        Session session = new OnrampClientContainer().connectToServer(PointClient.class, echo());
        assertThat(PointClient.RECEIVED.poll(ClientRecorder.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(new Point(3, 4));
        session.close();
    }

    @Test
    void anEndpointClassWithAConfigIsInstantiated() throws Exception {
        Session session = new OnrampClientContainer().connectToServer(ClientRecorder.class,
                ClientEndpointConfig.Builder.create().build(), echo());
        assertThat(session.isOpen()).isTrue();
        session.close();
    }

    @Test
    void illegalOrUnannotatedClassesAreDeploymentExceptions() {
        OnrampClientContainer container = new OnrampClientContainer();
        assertThatThrownBy(() -> container.connectToServer(Illegal.class, echo()))
                .isInstanceOf(DeploymentException.class).hasMessageContaining("twoStrings");
        assertThatThrownBy(() -> container.connectToServer(new Object(), echo()))
                .isInstanceOf(DeploymentException.class).hasMessageContaining("@ClientEndpoint");
    }

    @Test
    void theProviderIsRegisteredAndItsContainersCostNoThreads() throws Exception {
        assertThat(ServiceLoader.load(ContainerProvider.class).stream().map(ServiceLoader.Provider::type))
                .contains(OnrampContainerProvider.class);
        Session warm = new OnrampClientContainer().connectToServer(new ClientRecorder(),
                ClientEndpointConfig.Builder.create().build(), echo());
        warm.close();
        int threads = Thread.activeCount();
        for (int i = 0; i < 500; i++) {
            WebSocketContainer c = new OnrampContainerProvider().getContainer();
            assertThat(c).isInstanceOf(OnrampClientContainer.class);
        }
        assertThat(Thread.activeCount()).isLessThanOrEqualTo(threads + 2);
        assertThat(JettyInteropTest.selectorThreads()).isBetween(1, 2);
    }
}
