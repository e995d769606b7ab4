package dev.onramp.websocket.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onramp.testing.Await;
import dev.onramp.testing.Frames;
import dev.onramp.websocket.testing.InMemoryTransport;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Issue 12 item 7: pongs for a registered pong handler count against the same flow control as messages, so a flood
 * of pongs to a slow handler holds the peer back instead of queueing one task per pong.
 */
class PongFlowControlTest {

    private static final int FLOOD = 1000;

    private final InMemoryTransport transport = new InMemoryTransport();

    @Test
    void readingWaitsWhileThePongHandlerIsBusyAndEveryPongIsHandledAfterwards() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger handled = new AtomicInteger();
        TestSessions.open(transport, s -> s.addMessageHandler(PongMessage.class,
                (MessageHandler.Whole<PongMessage>) pong -> {
                    if (handled.incrementAndGet() == 1) {
                        awaitRelease(release);
                    }
                }));
        byte[][] pongs = new byte[FLOOD][];
        for (int i = 0; i < FLOOD; i++) {
            pongs[i] = Frames.client(Frames.PONG, true, new byte[] {(byte) i});
        }
        // parsed on this thread: when it returns, the engine has either paused or read everything and asked for more
        transport.deliverNow(Frames.concat(pongs));
        assertThat(transport.demanded()).as("the engine asks for more input while a pong waits for its handler")
                .isFalse();
        release.countDown();
        Await.until("every pong handled", () -> handled.get() == FLOOD);
        Await.until("reading goes on", transport::demanded);
        assertThat(handled.get()).isEqualTo(FLOOD);
    }

    /**
     * A stream handler reading a message keeps the session's callbacks until the message's end has been read, so a
     * pong in the middle cannot hold reading (that would wait for ever); a bounded number wait behind it.
     */
    @Test
    void pongsInsideAMessageReadAsAStreamNeitherDeadlockNorPileUp() throws Exception {
        AtomicInteger handled = new AtomicInteger();
        AtomicReference<byte[]> message = new AtomicReference<>();
        AtomicInteger handledBeforeMarker = new AtomicInteger(-1);
        TestSessions.open(transport, s -> {
            s.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) pong -> {
                if (pong.getApplicationData().remaining() == 1) {
                    handledBeforeMarker.set(handled.get()); // handlers run in order: every earlier pong is done
                }
                handled.incrementAndGet();
            });
            s.addMessageHandler(InputStream.class, (MessageHandler.Whole<InputStream>) in -> {
                try {
                    message.set(in.readAllBytes());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        });
        byte[][] frames = new byte[FLOOD + 2][];
        frames[0] = Frames.client(Frames.BINARY, false, new byte[] {1, 2});
        for (int i = 1; i <= FLOOD; i++) {
            frames[i] = Frames.client(Frames.PONG, true, new byte[0]);
        }
        frames[FLOOD + 1] = Frames.client(Frames.CONTINUATION, true, new byte[] {3});
        transport.feed(Frames.concat(frames));
        Await.until("the streamed message", () -> message.get() != null);
        assertThat(message.get()).containsExactly(1, 2, 3);
        // after the message, a pong is held back by flow control again, not dropped; it marks the end of the count
        transport.feed(Frames.client(Frames.PONG, true, new byte[] {7}));
        Await.until("the marker pong after the message", () -> handledBeforeMarker.get() >= 0);
        assertThat(handledBeforeMarker.get()).as("pongs handled of the %d inside the message", FLOOD)
                .isEqualTo(MessageDispatcher.MAX_PONGS_BEHIND_A_STREAM);
    }

    private static void awaitRelease(CountDownLatch release) {
        try {
            if (!release.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
