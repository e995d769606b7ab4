package dev.onramp.websocket.client;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The client example of the README, as written there (printing replaced by a queue the test can read). */
class ReadmeExampleTest {

    @Test
    void theReadmeClientExampleWorks() throws Exception {
        try (JettyServer server = new JettyServer(List.of(), List.of(EchoEndpoints.Echo.class))) {
            String url = "ws://127.0.0.1:" + server.port() + "/echo";
            BlockingQueue<String> printed = new LinkedBlockingQueue<>();

            // --- README example, with System.out::println as printed::add ---
            WebSocketContainer container = ContainerProvider.getWebSocketContainer();
            Session session = container.connectToServer(new Endpoint() {
                @Override public void onOpen(Session s, EndpointConfig c) { s.addMessageHandler(String.class, m -> printed.add(m)); }
            }, ClientEndpointConfig.Builder.create().build(), URI.create(url));
            session.getBasicRemote().sendText("hello");
            // --- end of example ---

            assertThat(container).isInstanceOf(OnrampClientContainer.class);
            assertThat(printed.poll(ClientRecorder.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("hello");
            session.close();
        }
    }
}
