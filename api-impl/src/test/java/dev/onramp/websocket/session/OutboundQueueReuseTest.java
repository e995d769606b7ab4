package dev.onramp.websocket.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onramp.websocket.testing.InMemoryTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link OutboundQueue} reuses one batch for its writes: a timeout timer of an earlier write that fires late (after its
 * write completed and the next one started) must not fail the later write, while the later write's own timer still
 * does; a reused frame is measured anew each time it is queued.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class OutboundQueueReuseTest {

    /** Timers whose tasks the test runs itself, when it wants ("late"). */
    private static final class CapturingTimers extends ScheduledThreadPoolExecutor {
        final List<Runnable> tasks = new CopyOnWriteArrayList<>();

        CapturingTimers() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            tasks.add(command);
            return super.schedule(() -> { }, 1, TimeUnit.HOURS);
        }
    }

    private static final class Counting implements OutboundQueue.Completion {
        final AtomicInteger succeeded = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();

        @Override
        public void succeeded() {
            succeeded.incrementAndGet();
        }

        @Override
        public void failed(Throwable cause) {
            failed.incrementAndGet();
        }
    }

    private final CapturingTimers timers = new CapturingTimers();
    private final InMemoryTransport transport = new InMemoryTransport();
    private final AtomicInteger writeFailures = new AtomicInteger();
    private final OutboundQueue queue = new OutboundQueue(transport, timers, 1 << 20, () -> { },
            cause -> writeFailures.incrementAndGet());

    @AfterEach
    void stopTimers() {
        timers.shutdownNow();
    }

    private static ByteBuffer[] frame(char c) {
        return new ByteBuffer[] {ByteBuffer.wrap(new byte[] {(byte) 0x81, 1, (byte) c})};
    }

    @Test
    void aLateTimerOfAnEarlierWriteDoesNotFailTheNextWrite() {
        transport.stallWrites();
        Counting first = new Counting();
        Counting second = new Counting();
        Counting third = new Counting();

        queue.enqueue(new OutboundQueue.Frame(frame('1'), false, 1000, first), 0);
        assertThat(timers.tasks).hasSize(1);
        transport.releaseNextWrite();
        assertThat(first.succeeded).hasValue(1);

        queue.enqueue(new OutboundQueue.Frame(frame('2'), false, 1000, second), 0);
        assertThat(transport.writes()).hasSize(2);
        timers.tasks.get(0).run(); // the first write's timer, late
        assertThat(second.failed).hasValue(0);
        assertThat(writeFailures).hasValue(0);
        assertThat(transport.isClosed()).isFalse();
        transport.releaseNextWrite();
        assertThat(second.succeeded).hasValue(1);

        queue.enqueue(new OutboundQueue.Frame(frame('3'), false, 1000, third), 0);
        timers.tasks.get(1).run(); // the second's, late: nothing
        assertThat(third.failed).hasValue(0);
        timers.tasks.get(2).run(); // the third's own: the peer took nothing in time
        assertThat(third.failed).hasValue(1);
        assertThat(third.succeeded).hasValue(0);
        assertThat(writeFailures).hasValue(1);
        assertThat(transport.isClosed()).isTrue();
    }

    @Test
    void aReusedFrameIsMeasuredAnewEachTime() throws Exception {
        Counting done = new Counting();
        ByteBuffer buffer = ByteBuffer.allocate(16);
        OutboundQueue.Frame frame = new OutboundQueue.Frame(new ByteBuffer[] {buffer}, false, 0, done);
        for (int n = 1; n <= 3; n++) {
            buffer.clear().put((byte) 0x82).put((byte) n);
            for (int i = 0; i < n; i++) {
                buffer.put((byte) i);
            }
            buffer.flip();
            frame.remeasure();
            assertThat(frame.size).isEqualTo(2 + n);
            queue.enqueue(frame, 0);
        }
        assertThat(done.succeeded).hasValue(3);
        assertThat(transport.awaitFrames(3)).extracting(f -> f.payload().length).containsExactly(1, 2, 3);
    }
}
