package dev.onramp.websocket.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onramp.testing.Await;
import dev.onramp.testing.Frames;
import dev.onramp.websocket.protocol.Role;
import dev.onramp.websocket.testing.InMemoryTransport;
import dev.onramp.websocket.testing.TestContainer;
import org.junit.jupiter.api.Test;

import java.net.URI;
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
 * not allow it never sees application code on its thread; and no more read threads than the container's ceiling, or
 * the transport's own if lower, are inside handlers at once: a message that arrives beyond goes to a callback thread.
 */
class InlineDeliveryTest {

    private final InMemoryTransport transport = new InMemoryTransport();

    /**
     * Waits until the session runs no callback (its onOpen task may still be finishing on a callback thread after
     * onOpen returned; a message arriving meanwhile is queued behind it, on a callback thread, as it must be).
     */
    private static void awaitIdle(RecordingEndpoint endpoint) {
        ApplicationCallbacks callbacks = ((OnrampSession) endpoint.session).callbacks();
        Await.until("the session runs no callback", callbacks::idle);
    }

    private List<String> threadsOfMessages(boolean inline) throws Exception {
        transport.readThreadsForApplicationCode = inline ? Integer.MAX_VALUE : 0;
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
        awaitIdle(endpoint);
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
        transport.readThreadsForApplicationCode = Integer.MAX_VALUE;
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
        awaitIdle(endpoint);
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

    // ---- the ceiling of read threads inside handlers

    private static final String IO_THREAD = "in-memory-io";

    /** A session whose handler records its thread's name, and waits for {@code release} on the message "wait". */
    private static Opened session(TestContainer container, int readThreads, List<String> threads,
            CountDownLatch waiting, CountDownLatch release) throws Exception {
        InMemoryTransport transport = new InMemoryTransport();
        transport.readThreadsForApplicationCode = readThreads;
        RecordingEndpoint endpoint = new RecordingEndpoint(s -> s.addMessageHandler(String.class, text -> {
            threads.add(Thread.currentThread().getName());
            if (text.equals("wait")) {
                waiting.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS); // a handler that holds its thread (a slow peer's send, say)
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            try {
                s.getBasicRemote().sendText(text);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }));
        TestSessions.open(transport, endpoint, SessionSetup.builder(Role.SERVER, endpoint, TestSessions.config(),
                container, new OpenSessions()).requestUri(URI.create("/test")));
        awaitIdle(endpoint);
        return new Opened(transport, endpoint);
    }

    private record Opened(InMemoryTransport transport, RecordingEndpoint endpoint) {
    }

    /**
     * One read thread may be inside a handler (the container's ceiling, or the transport's): while it waits there, a
     * message of another session goes to a callback thread; once it returned, messages run inline again.
     */
    private static void oneReadThreadAtATime(TestContainer container, int readThreads) throws Exception {
        List<String> first = Collections.synchronizedList(new ArrayList<>());
        List<String> second = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch waiting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        InMemoryTransport holding = session(container, readThreads, first, waiting, release).transport();
        Opened otherSession = session(container, readThreads, second, new CountDownLatch(1), release);
        InMemoryTransport other = otherSession.transport();
        try {
            holding.feed(Frames.clientText("wait"));
            assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(first).containsExactly(IO_THREAD);

            other.feed(Frames.clientText("beyond the ceiling"));
            assertThat(other.awaitFrames(1)).extracting(Frames.Frame::text).containsExactly("beyond the ceiling");
            assertThat(second).hasSize(1).doesNotContain(IO_THREAD);
        } finally {
            release.countDown();
        }
        assertThat(holding.awaitFrames(1)).extracting(Frames.Frame::text).containsExactly("wait");
        Await.until("the read thread left the handler", () -> ((OnrampContainer) container).inlineCallbacks().inside() == 0);
        awaitIdle(otherSession.endpoint()); // its handed-off message's task may still be finishing
        other.feed(Frames.clientText("under the ceiling again"));
        assertThat(other.awaitFrames(2)).extracting(Frames.Frame::text).endsWith("under the ceiling again");
        assertThat(second).hasSize(2).endsWith(IO_THREAD);
    }

    @Test
    void atTheContainersCeilingAMessageGoesToACallbackThread() throws Exception {
        TestContainer container = new TestContainer();
        container.setMaxInlineCallbackThreads(1);
        oneReadThreadAtATime(container, Integer.MAX_VALUE);
    }

    @Test
    void aTransportsOwnLowerBoundAppliesAsWell() throws Exception {
        TestContainer container = new TestContainer();
        assertThat(container.getMaxInlineCallbackThreads()).isEqualTo(ContainerDefaults.MAX_INLINE_CALLBACK_THREADS);
        oneReadThreadAtATime(container, 1);
    }

    @Test
    void aCeilingOfZeroRunsEveryHandlerOnTheCallbackThreads() throws Exception {
        TestContainer container = new TestContainer();
        container.setMaxInlineCallbackThreads(0);
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        InMemoryTransport transport = session(container, Integer.MAX_VALUE, threads, new CountDownLatch(1),
                new CountDownLatch(0)).transport();
        transport.feed(Frames.clientText("m"));
        assertThat(transport.awaitFrames(1)).extracting(Frames.Frame::text).containsExactly("m");
        assertThat(threads).hasSize(1).doesNotContain(IO_THREAD);
    }

    @Test
    void theCeilingIsReadFromTheSettingWhichMayBeZero() {
        String name = ContainerDefaults.MAX_INLINE_CALLBACK_THREADS_PROPERTY;
        assertThat(ContainerDefaults.nonNegativeSetting(name, "0", 64)).isZero();
        assertThat(ContainerDefaults.nonNegativeSetting(name, " 3 ", 64)).isEqualTo(3);
        assertThat(ContainerDefaults.nonNegativeSetting(name, "-1", 64)).isEqualTo(64);
        assertThat(ContainerDefaults.nonNegativeSetting(name, "many", 64)).isEqualTo(64);
        assertThat(ContainerDefaults.nonNegativeSetting(name, null, 64)).isEqualTo(64);
    }
}
