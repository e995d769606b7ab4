package dev.onramp.websocket.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onramp.testing.Await;
import dev.onramp.testing.Frames;
import dev.onramp.testing.TestThreads;
import dev.onramp.websocket.testing.InMemoryTransport;
import jakarta.websocket.CloseReason;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@link CloseLifecycle}: every way a connection ends (the peer's close, the application's, an idle timeout, a
 * protocol error, TCP loss, a peer that never answers) gives the right frames on the wire, drops TCP when it should,
 * and runs onClose exactly once with the reason the specification asks for.
 */
class CloseLifecycleTest {

    private final InMemoryTransport transport = new InMemoryTransport();

    @Test
    void answersACloseWithTheSameCodeThenDropsTheConnectionAndCallsOnCloseOnce() throws Exception {
        RecordingEndpoint endpoint = TestSessions.openEcho(transport);
        transport.feed(Frames.clientClose(4001, "bye"));
        List<Frames.Frame> frames = transport.awaitFrames(1);
        assertThat(frames.get(0).opcode()).isEqualTo(Frames.CLOSE);
        assertThat(frames.get(0).closeCode()).isEqualTo(4001);
        assertThat(transport.awaitClosed(10)).isTrue();
        assertThat(endpoint.next()).isEqualTo("close:4001");
        transport.feedEndOfInput();
        assertThat(endpoint.events.poll(200, TimeUnit.MILLISECONDS)).isNull();
        assertThat(endpoint.session.isOpen()).isFalse();
    }

    @Test
    void aCloseWithoutCodeIsAnsweredWithoutCodeAndReportedAs1005() throws Exception {
        RecordingEndpoint endpoint = TestSessions.openEcho(transport);
        transport.feed(Frames.client(Frames.CLOSE, true, new byte[0]));
        List<Frames.Frame> frames = transport.awaitFrames(1);
        assertThat(frames.get(0).payload()).isEmpty();
        assertThat(endpoint.next()).isEqualTo("close:1005");
    }

    @Test
    void aProtocolErrorClosesWith1002AndReachesOnErrorBeforeOnClose() throws Exception {
        RecordingEndpoint endpoint = TestSessions.openEcho(transport);
        transport.feed(Frames.client(3, true, new byte[0])); // reserved opcode
        List<Frames.Frame> frames = transport.awaitFrames(1);
        assertThat(frames.get(0).closeCode()).isEqualTo(1002);
        assertThat(transport.awaitClosed(10)).isTrue();
        assertThat(endpoint.next()).startsWith("error:");
        assertThat(endpoint.next()).isEqualTo("close:1002");
    }

    @Test
    void tcpLossWithoutCloseFrameGives1006ExactlyOnce() throws Exception {
        RecordingEndpoint endpoint = TestSessions.openEcho(transport);
        transport.feedEndOfInput();
        assertThat(endpoint.next()).isEqualTo("close:1006");
        assertThat(transport.awaitClosed(10)).isTrue();
        assertThat(endpoint.events.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void aMessageReceivedBeforeThePeersFinIsAnsweredBeforeTheConnectionIsDropped() throws Exception {
        // an asynchronous echo: the handler returns at once and reading goes on to the FIN
        AtomicReference<RecordingEndpoint> self = new AtomicReference<>();
        RecordingEndpoint endpoint = TestSessions.open(transport, s -> s.addMessageHandler(String.class, text -> {
            s.getAsyncRemote().sendText(text);
            self.get().record("echoing");
        }));
        self.set(endpoint);
        transport.stallWrites(); // the echo is still queued when the FIN is read
        transport.feed(Frames.clientText("before the fin"));
        transport.feedEndOfInput();
        assertThat(endpoint.next()).isEqualTo("echoing");
        // the engine has seen the FIN while the echo is still unwritten: only now does the peer read
        assertThat(transport.awaitEndOfInputDelivered(10)).isTrue();
        transport.releaseWrites();
        List<Frames.Frame> frames = transport.awaitFrames(1);
        assertThat(frames.get(0).text()).isEqualTo("before the fin");
        assertThat(transport.awaitClosed(10)).isTrue();
        assertThat(endpoint.next()).isEqualTo("close:1006");
    }

    @Test
    void idleTimeoutTellsThePeer1001AndTheApplication1006() throws Exception {
        RecordingEndpoint endpoint = TestSessions.open(transport, s -> s.setMaxIdleTimeout(50));
        List<Frames.Frame> frames = transport.awaitFrames(1);
        assertThat(frames.get(0).closeCode()).isEqualTo(1001);
        assertThat(endpoint.next()).isEqualTo("close:1006");
    }

    @Test
    void aSessionWhoseQueuedMessagesAreStillBeingTakenByThePeerIsNotIdle() throws Exception {
        RecordingEndpoint endpoint = TestSessions.open(transport, s -> { });
        transport.stallWrites();
        int messages = 12;
        for (int i = 0; i < messages; i++) {
            // 1 MiB each: one message per transport write
            endpoint.session.getAsyncRemote().sendBinary(java.nio.ByteBuffer.allocate(1024 * 1024));
        }
        endpoint.session.setMaxIdleTimeout(1_000);
        // nothing is sent or received after the last send; the peer takes one message every 250 ms, 3 s in all
        for (int i = 0; i < messages; i++) {
            TestThreads.runAfter(250, TimeUnit.MILLISECONDS, transport::releaseNextWrite).get(10, TimeUnit.SECONDS);
        }
        List<Frames.Frame> frames = transport.awaitFrames(messages);
        assertThat(frames).hasSize(messages).allMatch(f -> f.opcode() == Frames.BINARY, "a binary message");
        assertThat(transport.isClosed()).isFalse();
        assertThat(endpoint.events.poll(0, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void localCloseSendsTheCodeAndTheServerDropsTcpWhenThePeerAnswers() throws Exception {
        RecordingEndpoint endpoint = TestSessions.openEcho(transport);
        endpoint.session.close(new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, "later"));
        List<Frames.Frame> frames = transport.awaitFrames(1);
        assertThat(frames.get(0).closeCode()).isEqualTo(1013);
        assertThat(endpoint.next()).isEqualTo("close:1013");
        assertThat(transport.isClosed()).isFalse();
        transport.feed(Frames.clientClose(1013, ""));
        assertThat(transport.awaitClosed(10)).isTrue();
        assertThat(endpoint.events.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void theCloseFrameGoesOutBehindTheMessagesQueuedBeforeIt() throws Exception {
        RecordingEndpoint endpoint = TestSessions.open(transport, s -> { });
        transport.stallWrites(); // the first message's write stays pending: the second and the close wait in the queue
        endpoint.session.getAsyncRemote().sendText("first");
        endpoint.session.getAsyncRemote().sendText("second");
        endpoint.session.close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "bye"));
        transport.releaseWrites();
        // RFC 6455 §5.5.1: no data frame after the close frame
        List<Frames.Frame> frames = transport.awaitFrames(3);
        assertThat(frames).extracting(Frames.Frame::opcode).containsExactly(Frames.TEXT, Frames.TEXT, Frames.CLOSE);
        assertThat(frames.get(1).text()).isEqualTo("second");
        assertThat(frames.get(2).closeCode()).isEqualTo(1001);
    }

    @Test
    void aPeerThatNeverAnswersTheCloseIsDroppedAfterTheCloseTimeout() throws Exception {
        RecordingEndpoint endpoint = TestSessions.openEcho(transport);
        endpoint.session.close();
        assertThat(endpoint.next()).isEqualTo("close:1000");
        assertThat(transport.awaitClosed(ContainerDefaults.CLOSE_TIMEOUT_MS / 1000 + 10)).isTrue();
    }

    @Test
    void aCloseThatCannotBeWrittenStillDropsTheConnectionWithinTheCloseTimeout() throws Exception {
        RecordingEndpoint endpoint = TestSessions.openEcho(transport);
        transport.stallWrites(); // the peer reads nothing: our close frame never leaves
        long decided = System.nanoTime();
        endpoint.session.close();
        assertThat(endpoint.next()).isEqualTo("close:1000");
        assertThat(transport.awaitClosed(ContainerDefaults.CLOSE_TIMEOUT_MS / 1000 + 10)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - decided))
                .isGreaterThanOrEqualTo(Duration.ofMillis(ContainerDefaults.CLOSE_TIMEOUT_MS - 100));
    }

    @Test
    void aReplyToThePeersCloseThatCannotBeWrittenStillDropsTheConnection() throws Exception {
        RecordingEndpoint endpoint = TestSessions.openEcho(transport);
        transport.stallWrites();
        transport.feed(Frames.clientClose(1000, ""));
        assertThat(endpoint.next()).isEqualTo("close:1000");
        assertThat(transport.awaitClosed(ContainerDefaults.CLOSE_TIMEOUT_MS / 1000 + 10)).isTrue();
    }

    @Test
    void exceptionInOnCloseReachesOnErrorBeforeIsOpenTurnsFalse() throws Exception {
        CountDownLatch sawError = new CountDownLatch(1);
        RecordingEndpoint endpoint = new RecordingEndpoint(s -> { }) {
            @Override
            public void onClose(jakarta.websocket.Session session, CloseReason closeReason) {
                throw new ArithmeticException("/ by zero");
            }

            @Override
            public void onError(jakarta.websocket.Session session, Throwable thr) {
                // isOpen must still be true while the close callbacks run
                if (session.isOpen()) {
                    sawError.countDown();
                }
            }
        };
        TestSessions.open(transport, endpoint, TestSessions.setup(endpoint));
        endpoint.session.close();
        assertThat(sawError.await(10, TimeUnit.SECONDS)).isTrue();
        Await.until("isOpen() false once the callbacks ran", () -> !endpoint.session.isOpen());
    }

    @Test
    void everyAsyncSendCompletesExactlyOnceEvenWhenTheConnectionDies() throws Exception {
        RecordingEndpoint endpoint = TestSessions.open(transport, s -> { });
        transport.stallWrites();
        AtomicInteger results = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        int sends = 50;
        CountDownLatch all = new CountDownLatch(sends);
        for (int i = 0; i < sends; i++) {
            endpoint.session.getAsyncRemote().sendText("m" + i, result -> {
                results.incrementAndGet();
                if (!result.isOK()) {
                    failures.incrementAndGet();
                }
                all.countDown();
            });
        }
        transport.feedEndOfInput();
        assertThat(endpoint.next()).isEqualTo("close:1006");
        transport.releaseWrites();
        assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();
        // a duplicate completion would arrive soon after the others: watch for one for a moment
        Await.holdsFor("one result per send", Duration.ofMillis(100), () -> results.get() == sends);
        assertThat(failures.get()).isPositive();
        // after the close, sends fail at once instead of queueing
        Future<Void> late = endpoint.session.getAsyncRemote().sendText("late");
        assertThat(late.isDone()).isTrue();
    }
}
