package dev.onramp.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onramp.testing.JdkClient;
import java.net.URL;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.onramp.tck.apps.echo.EchoEndpoint;
import jakarta.websocket.ClientEndpoint;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Onramp's own client, found through ContainerProvider as the TCK finds it, against Onramp's server in Jetty. */
@ExtendWith(ArquillianExtension.class)
class OnrampClientEchoTest {

    private static final long TIMEOUT_SECONDS = JdkClient.TIMEOUT_SECONDS;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ShrinkWrap.create(WebArchive.class, "client-echo.war").addClass(EchoEndpoint.class);
    }

    @ArquillianResource
    URL url;

    /** A programmatic client endpoint that collects text messages and the close reason. */
    static final class Collector extends Endpoint {
        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        final CompletableFuture<CloseReason> closed = new CompletableFuture<>();

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.addMessageHandler(String.class, texts::add);
        }

        @Override
        public void onClose(Session session, CloseReason closeReason) {
            closed.complete(closeReason);
        }
    }

    /** An annotated client endpoint that collects binary messages. */
    @ClientEndpoint
    public static final class AnnotatedCollector {
        final BlockingQueue<ByteBuffer> binaries = new LinkedBlockingQueue<>();
        final CompletableFuture<CloseReason> closed = new CompletableFuture<>();

        @OnMessage
        public void binary(ByteBuffer message) {
            binaries.add(message);
        }

        @OnClose
        public void close(CloseReason reason) {
            closed.complete(reason);
        }
    }

    @Test
    void containerProviderFindsOnramp() {
        WebSocketContainer container = ContainerProvider.getWebSocketContainer();

        assertThat(container.getClass().getName()).startsWith("dev.onramp.");
    }

    @Test
    void programmaticClientEndpointEchoesAndClosesNormally() throws Exception {
        Collector client = new Collector();
        Session session = ContainerProvider.getWebSocketContainer().connectToServer(
                client, ClientEndpointConfig.Builder.create().build(), DeployedEndpoints.uri(url, "echo"));

        session.getBasicRemote().sendText("from onramp's client");
        assertThat(client.texts.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo("from onramp's client");

        session.close();
        assertThat(client.closed.get(TIMEOUT_SECONDS, TimeUnit.SECONDS).getCloseCode())
                .isEqualTo(CloseReason.CloseCodes.NORMAL_CLOSURE);
    }

    @Test
    void annotatedClientEndpointReceivesBinaryEcho() throws Exception {
        AnnotatedCollector client = new AnnotatedCollector();
        Session session = ContainerProvider.getWebSocketContainer()
                .connectToServer(client, DeployedEndpoints.uri(url, "echo"));

        session.getAsyncRemote().sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}))
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertThat(client.binaries.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3}));

        session.close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "done"));
        assertThat(client.closed.get(TIMEOUT_SECONDS, TimeUnit.SECONDS).getCloseCode())
                .isEqualTo(CloseReason.CloseCodes.GOING_AWAY);
    }
}
