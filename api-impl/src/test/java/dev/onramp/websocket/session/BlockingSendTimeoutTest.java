package dev.onramp.websocket.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onramp.testing.Await;
import dev.onramp.testing.TestThreads;
import dev.onramp.websocket.testing.InMemoryTransport;
import jakarta.websocket.Session;
import org.junit.jupiter.api.Test;

import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * DESIGN.md: "Every wait has a finite, documented default (blocking send ...)". A blocking send to a peer that
 * takes no bytes fails after the session's blocking send timeout, and the connection is dropped (1006 to onClose,
 * the timeout to onError first): part of the frame may be on the wire, so nothing else can follow it. A blocking send
 * that is interrupted while its message waits in the queue (the application interrupts it, or the callback pool ends
 * it at its ceiling) ends the same way: the message its sender was told failed must not reach the peer later.
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

    @Test
    void anInterruptedBlockingSendDropsTheConnectionSoItsMessageIsNeverWrittenLater() throws Exception {
        RecordingEndpoint endpoint = TestSessions.open(transport, session -> { });
        Session session = endpoint.session;
        transport.stallWrites();
        CompletableFuture<Thread> sender = new CompletableFuture<>();
        CompletableFuture<Throwable> outcome = TestThreads.supply(() -> {
            sender.complete(Thread.currentThread());
            try {
                session.getBasicRemote().sendText("told it failed");
                return null;
            } catch (Throwable e) {
                return e;
            }
        });
        Thread thread = sender.get(10, TimeUnit.SECONDS);
        Await.until("the message's write is issued", () -> !transport.writes().isEmpty()); // queued, not yet written
        thread.interrupt();
        assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedIOException.class);
        assertThat(endpoint.next()).isEqualTo("error:InterruptedIOException");
        assertThat(endpoint.next()).isEqualTo("close:1006");
        assertThat(transport.awaitClosed(10)).isTrue();
        transport.releaseWrites(); // the peer reads again: nothing reaches it
        assertThat(transport.awaitFrames(0)).isEmpty();
    }
}
