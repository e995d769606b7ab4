package dev.onramp.websocket.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onramp.websocket.testing.InMemoryTransport;
import jakarta.websocket.Session;
import org.junit.jupiter.api.Test;

import java.net.SocketTimeoutException;

/**
 * DESIGN.md: "Every wait has a finite, documented default (blocking send ...)". A blocking send to a peer that
 * takes no bytes fails after the session's blocking send timeout, and the connection is dropped (1006 to onClose,
 * the timeout to onError first): part of the frame may be on the wire, so nothing else can follow it.
 */
class BlockingSendTimeoutTest {

    private final InMemoryTransport transport = new InMemoryTransport();

    @Test
    void aBlockingSendToAPeerThatTakesNoBytesFailsAfterTheSessionsTimeout() throws Exception {
        RecordingEndpoint endpoint = TestSessions.open(transport, session -> { });
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
        RecordingEndpoint endpoint = TestSessions.open(transport, session -> { });
        Session session = endpoint.session;
        session.getUserProperties().put(ContainerDefaults.BLOCKING_SEND_TIMEOUT_PROPERTY, "250");
        transport.stallWrites();

        assertThatThrownBy(() -> session.getBasicRemote().sendBinary(java.nio.ByteBuffer.wrap(new byte[] {1})))
                .isInstanceOf(SocketTimeoutException.class);
    }
}
