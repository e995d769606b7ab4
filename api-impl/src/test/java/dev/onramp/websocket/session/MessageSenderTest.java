package dev.onramp.websocket.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onramp.testing.Frames;
import dev.onramp.websocket.testing.InMemoryTransport;
import jakarta.websocket.EncodeException;
import jakarta.websocket.Encoder;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * {@link MessageSender} and the remote endpoints over it: blocking sends wait for a slow peer without deadlocking,
 * asynchronous ones beyond the queue's bound fail instead of buffering, misuse is refused, encoder failures are
 * reported the way each send form reports.
 */
class MessageSenderTest {

    private final InMemoryTransport transport = new InMemoryTransport();

    @Test
    void blockingSendFromOnMessageCompletesOnceAStalledPeerReads() throws Exception {
        CountDownLatch sent = new CountDownLatch(1);
        TestSessions.open(transport, s -> s.addMessageHandler(String.class, text -> {
            try {
                s.getBasicRemote().sendBinary(ByteBuffer.allocate(4 * 1024 * 1024));
                sent.countDown();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }));
        transport.stallWrites();
        transport.feed(Frames.clientText("go"));
        assertThat(sent.await(300, TimeUnit.MILLISECONDS)).isFalse();
        transport.releaseWrites();
        assertThat(sent.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void asyncSendsBeyondTheQueueLimitFailInsteadOfBuffering() throws Exception {
        RecordingEndpoint endpoint = TestSessions.open(transport, s -> { });
        transport.stallWrites();
        Session s = endpoint.session;
        int chunk = 1024 * 1024;
        List<Future<Void>> futures = new ArrayList<>();
        for (int i = 0; i < ContainerDefaults.OUTBOUND_QUEUE_LIMIT_BYTES / chunk + 4; i++) {
            futures.add(s.getAsyncRemote().sendBinary(ByteBuffer.allocate(chunk)));
        }
        Future<Void> last = futures.get(futures.size() - 1);
        assertThat(last.isDone()).isTrue();
        assertThatThrownBy(last::get).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOf(IOException.class).hasMessageContaining("outbound queue full");
        transport.releaseWrites();
        assertThat(futures.get(0).get(10, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void aWholeSendInsideAPartialOneIsRefusedAndThePartialOneGoesOn() throws Exception {
        RecordingEndpoint endpoint = TestSessions.open(transport, s -> { });
        endpoint.session.getBasicRemote().sendText("par", false);
        assertThatThrownBy(() -> endpoint.session.getBasicRemote().sendText("whole"))
                .isInstanceOf(IllegalStateException.class);
        endpoint.session.getBasicRemote().sendText("tial", true);
        List<Frames.Frame> frames = transport.awaitFrames(2);
        assertThat(frames).extracting(Frames.Frame::opcode).containsExactly(Frames.TEXT, Frames.CONTINUATION);
        assertThat(frames.get(0).fin()).isFalse();
        assertThat(frames.get(1).fin()).isTrue();
    }

    /** An encoder that always fails, as an application's may. */
    public static final class FailingEncoder implements Encoder.Text<StringBuilder> {
        @Override
        public String encode(StringBuilder object) {
            throw new IllegalStateException("cannot encode " + object);
        }
    }

    @Test
    void anEncoderThatThrowsFailsTheAsyncSendInsteadOfThrowing() throws Exception {
        RecordingEndpoint endpoint = new RecordingEndpoint(s -> { });
        TestSessions.open(transport, endpoint,
                TestSessions.setup(endpoint, TestSessions.config(List.of(FailingEncoder.class), List.of())));
        Session session = endpoint.session;
        Future<Void> future = session.getAsyncRemote().sendObject(new StringBuilder("x"));
        assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(EncodeException.class);
        CompletableFuture<SendResult> result = new CompletableFuture<>();
        session.getAsyncRemote().sendObject(new StringBuilder("y"), result::complete);
        assertThat(result.get(10, TimeUnit.SECONDS).isOK()).isFalse();
        assertThat(result.get().getException()).isInstanceOf(EncodeException.class);
        // the blocking form throws the EncodeException its signature declares
        assertThatThrownBy(() -> session.getBasicRemote().sendObject(new StringBuilder("z")))
                .isInstanceOf(EncodeException.class);
    }
}
