package dev.onramp.websocket.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onramp.testing.Await;
import dev.onramp.testing.Frames;
import dev.onramp.websocket.testing.InMemoryTransport;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Inline delivery: over a transport that lets application code run on its read thread, a message goes to its handler
 * on that thread (no hand-off); a blocking send from there completes; the session's order holds; a transport that does
 * not allow it never sees application code on its thread.
 */
class InlineDeliveryTest {

    private final InMemoryTransport transport = new InMemoryTransport();

    private List<String> threadsOfMessages(boolean inline) throws Exception {
        transport.readThreadMayRunApplicationCode = inline;
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        RecordingEndpoint endpoint = new RecordingEndpoint(s -> s.addMessageHandler(String.class, text -> {
            threads.add(Thread.currentThread().getName());
            try {
                s.getBasicRemote().sendText(text); // a blocking send from the handler, on whichever thread it runs
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }));
        TestSessions.open(transport, endpoint, TestSessions.setup(endpoint));
        for (int i = 0; i < 3; i++) {
            transport.feed(Frames.clientText("m" + i));
        }
        List<Frames.Frame> echoes = transport.awaitFrames(3);
        assertThat(echoes).extracting(Frames.Frame::text).containsExactly("m0", "m1", "m2");
        return threads;
    }

    @Test
    void aTransportThatAllowsItRunsHandlersOnItsReadThreadAndTheirBlockingSendsComplete() throws Exception {
        assertThat(threadsOfMessages(true)).containsOnly("in-memory-io");
    }

    @Test
    void aTransportThatDoesNotAllowItNeverRunsApplicationCodeOnItsThread() throws Exception {
        assertThat(threadsOfMessages(false)).hasSize(3).doesNotContain("in-memory-io");
    }

    @Test
    void aBlockingSendWaitingForAStalledWriteCompletesWhenThePeerReads() throws Exception {
        transport.readThreadMayRunApplicationCode = true;
        transport.stallWrites();
        CountDownLatch sent = new CountDownLatch(1);
        RecordingEndpoint endpoint = new RecordingEndpoint(s -> s.addMessageHandler(String.class, text -> {
            try {
                s.getBasicRemote().sendText(text);
                sent.countDown();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }));
        TestSessions.open(transport, endpoint, TestSessions.setup(endpoint));
        transport.feed(Frames.clientText("slow"));
        Await.until("the handler's write is issued", () -> transport.writes().size() >= 1);
        assertThat(sent.getCount()).isEqualTo(1);
        transport.releaseWrites(); // the peer reads, on another thread than the waiting read thread
        assertThat(sent.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aMessageArrivingWhileTheSessionRunsATaskWaitsBehindIt() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            SerialExecutor serial = new SerialExecutor(pool);
            List<String> order = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch started = new CountDownLatch(1);
            serial.execute(() -> {
                started.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                order.add("queued");
            });
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            Thread here = Thread.currentThread();
            List<Thread> ranOn = Collections.synchronizedList(new ArrayList<>());
            serial.executeHereIfIdle(() -> {
                ranOn.add(Thread.currentThread());
                order.add("inline");
            });
            assertThat(order).isEmpty(); // not run here, not overtaking
            release.countDown();
            Await.until("both ran", () -> order.size() == 2);
            assertThat(order).containsExactly("queued", "inline");
            assertThat(ranOn).doesNotContain(here);

            // idle again: it runs here, before executeHereIfIdle returns
            serial.executeHereIfIdle(() -> {
                ranOn.add(Thread.currentThread());
                order.add("here");
            });
            assertThat(order).containsExactly("queued", "inline", "here");
            assertThat(ranOn.get(1)).isSameAs(here);
        } finally {
            pool.shutdownNow();
        }
    }
}
