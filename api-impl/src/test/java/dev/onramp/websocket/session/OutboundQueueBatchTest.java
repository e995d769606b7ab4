package dev.onramp.websocket.session;

import dev.onramp.websocket.testing.InMemoryTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@link OutboundQueue} groups frames into transport writes, that each frame completes once, and that a blocking
 * send waiting for room announces its wait to the {@link CallbackPool}.
 */
class OutboundQueueBatchTest {

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final InMemoryTransport transport = stalled();
    private final OutboundQueue queue = new OutboundQueue(transport, timers, 1 << 20, () -> { }, cause -> { });

    /** A transport whose writes complete only when the test says so. */
    private static InMemoryTransport stalled() {
        InMemoryTransport transport = new InMemoryTransport();
        transport.stallWrites();
        return transport;
    }

    @AfterEach
    void stopTimers() {
        timers.shutdownNow();
    }

    @Test
    void aLoneFrameIsWrittenFromItsOwnBuffersAndFlushed() {
        ByteBuffer[] frame = {ByteBuffer.wrap(new byte[] {(byte) 0x81, 1}), ByteBuffer.wrap(new byte[] {'x'})};
        Counting done = new Counting();

        queue.enqueue(new OutboundQueue.Frame(frame, false, 0, done), 0);

        assertThat(transport.writes()).hasSize(1);
        assertThat(transport.writes().get(0)).isSameAs(frame); // no per-message array copy on the common path
        assertThat(transport.flushes()).containsExactly(true);
        transport.releaseNextWrite();
        assertThat(done.succeeded).hasValue(1);
        assertThat(done.failed).hasValue(0);
    }

    @Test
    void framesQueuedDuringAWriteGoOutTogetherControlFirst() {
        Counting first = new Counting();
        Counting data = new Counting();
        Counting pong = new Counting();
        queue.enqueue(new OutboundQueue.Frame(buffers(1), false, 0, first), 0);
        queue.enqueue(new OutboundQueue.Frame(buffers(2, 3), false, 0, data), 0);
        queue.enqueue(new OutboundQueue.Frame(buffers(4), true, 0, pong), 0);
        assertThat(transport.writes()).hasSize(1); // one write outstanding at a time

        transport.releaseNextWrite();

        assertThat(first.succeeded).hasValue(1);
        assertThat(transport.writes()).hasSize(2);
        assertThat(contents(transport.writes().get(1))).containsExactly(4, 2, 3);
        transport.releaseNextWrite();
        assertThat(data.succeeded).hasValue(1);
        assertThat(pong.succeeded).hasValue(1);
    }

    @Test
    void aFlushMarkerAloneAsksForAFlushWhileBatching() {
        queue.setBatching(true);
        Counting data = new Counting();
        Counting marker = new Counting();
        queue.enqueue(new OutboundQueue.Frame(buffers(1), false, 0, data), 0);
        assertThat(transport.flushes()).containsExactly(false);
        queue.enqueue(new OutboundQueue.Frame(new ByteBuffer[0], false, 0, marker), 0);
        transport.releaseNextWrite();

        assertThat(transport.flushes()).containsExactly(false, true);
        transport.releaseNextWrite();
        assertThat(data.succeeded).hasValue(1);
        assertThat(marker.succeeded).hasValue(1);
    }

    @Test
    void aBlockingSendWaitingForRoomLetsTheCallbackThatMakesRoomRun() throws Exception {
        // one drainer and no watchdog in time: only the announced wait lets the queued callback run
        ExecutorService threads = Executors.newCachedThreadPool();
        try {
            CallbackPool pool = new CallbackPool(threads, timers, 1, TimeUnit.HOURS.toMillis(1));
            OutboundQueue small = new OutboundQueue(transport, timers, 4, () -> { }, cause -> { });
            Counting first = new Counting();
            Counting second = new Counting();
            small.enqueue(new OutboundQueue.Frame(buffers(1, 2, 3), false, 0, first), 0); // written, not completed
            CompletableFuture<Void> sent = new CompletableFuture<>();
            pool.execute(() -> {
                small.enqueue(new OutboundQueue.Frame(buffers(4, 5, 6), false, 0, second), TimeUnit.SECONDS.toNanos(10));
                sent.complete(null);
            });
            pool.execute(transport::releaseNextWrite); // the peer takes the first frame: room for the second

            sent.get(30, TimeUnit.SECONDS);
            assertThat(second.failed).as("the send found room, not the end of its wait").hasValue(0);
            // the room was made under the queue's lock; first's completion is reported just after, on that thread
            assertThat(first.awaitReported().succeeded).hasValue(1);
        } finally {
            threads.shutdownNow();
        }
    }

    private static ByteBuffer[] buffers(int... bytes) {
        ByteBuffer[] result = new ByteBuffer[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            result[i] = ByteBuffer.wrap(new byte[] {(byte) bytes[i]});
        }
        return result;
    }

    private static List<Integer> contents(ByteBuffer[] buffers) {
        List<Integer> bytes = new ArrayList<>();
        for (ByteBuffer b : buffers) {
            for (int i = b.position(); i < b.limit(); i++) {
                bytes.add((int) b.get(i));
            }
        }
        return bytes;
    }

    /** Counts a frame's outcomes, which may be reported on another thread. */
    private static final class Counting implements OutboundQueue.Completion {
        final AtomicInteger succeeded = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        private final CountDownLatch reported = new CountDownLatch(1);

        @Override
        public void succeeded() {
            succeeded.incrementAndGet();
            reported.countDown();
        }

        @Override
        public void failed(Throwable cause) {
            failed.incrementAndGet();
            reported.countDown();
        }

        /** Waits (up to 10 s) for the first outcome. */
        Counting awaitReported() throws InterruptedException {
            assertThat(reported.await(10, TimeUnit.SECONDS)).as("an outcome within 10 s").isTrue();
            return this;
        }
    }
}
