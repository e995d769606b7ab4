package dev.onramp.websocket.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onramp.websocket.protocol.Role;
import jakarta.websocket.Decoder;
import jakarta.websocket.Encoder;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import org.junit.jupiter.api.Test;

import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * DESIGN.md: "Every wait has a finite, documented default (blocking send ...)". A blocking send to a peer that
 * takes no bytes fails after the session's blocking send timeout, and the connection is dropped (1006 to onClose,
 * the timeout to onError first): part of the frame may be on the wire, so nothing else can follow it.
 */
class BlockingSendTimeoutTest {

    private final InMemoryTransport transport = new InMemoryTransport();

    private RecordingEndpoint open() throws InterruptedException {
        Map<String, Object> props = new HashMap<>();
        EndpointConfig config = new EndpointConfig() {
            @Override
            public List<Class<? extends Encoder>> getEncoders() {
                return List.of();
            }

            @Override
            public List<Class<? extends Decoder>> getDecoders() {
                return List.of();
            }

            @Override
            public Map<String, Object> getUserProperties() {
                return props;
            }
        };
        RecordingEndpoint endpoint = new RecordingEndpoint(s -> { });
        SessionSetup setup = SessionSetup.builder(Role.SERVER, endpoint, config, new TestContainer(), new OpenSessions())
                .requestUri(URI.create("/timeout")).build();
        WebSocketConnection.open(transport, setup);
        assertThat(endpoint.next()).isEqualTo("open");
        return endpoint;
    }

    @Test
    void aBlockingSendToAPeerThatTakesNoBytesFailsAfterTheSessionsTimeout() throws Exception {
        RecordingEndpoint endpoint = open();
        Session session = endpoint.session;
        session.getUserProperties().put(ContainerDefaults.BLOCKING_SEND_TIMEOUT_PROPERTY, 300L);
        transport.stallWrites();

        assertThatThrownBy(() -> session.getBasicRemote().sendText("never written"))
                .isInstanceOf(SocketTimeoutException.class);
        assertThat(endpoint.next()).isEqualTo("error:SocketTimeoutException");
        assertThat(endpoint.next()).isEqualTo("close:1006");
        assertThat(transport.awaitClosed(10)).isTrue();
    }

    @Test
    void theTimeoutMayBeGivenAsText() throws Exception {
        RecordingEndpoint endpoint = open();
        Session session = endpoint.session;
        session.getUserProperties().put(ContainerDefaults.BLOCKING_SEND_TIMEOUT_PROPERTY, "250");
        transport.stallWrites();

        assertThatThrownBy(() -> session.getBasicRemote().sendBinary(java.nio.ByteBuffer.wrap(new byte[] {1})))
                .isInstanceOf(SocketTimeoutException.class);
    }
}
