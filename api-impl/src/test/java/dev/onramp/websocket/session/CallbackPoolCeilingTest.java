package dev.onramp.websocket.session;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link CallbackPool}'s ceiling (issue 12, item 4): callbacks waiting in Onramp's own waits no longer get a thread
 * each; at the ceiling the rest wait in the queue, and the oldest waits are ended so that the queue still moves.
 */
class CallbackPoolCeilingTest {

    private static final long NEVER_MS = TimeUnit.HOURS.toMillis(1);

    private final ExecutorService backing = Executors.newCachedThreadPool(SharedThreads.daemonFactory("ceiling-test-"));
    private final AtomicInteger borrowed = new AtomicInteger();
    private final Executor counting = task -> {
        borrowed.incrementAndGet();
        backing.execute(task);
    };
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    /** What an Onramp wait waits on (a stream's next frame, room in a queue); notified to end every wait. */
    private final Object monitor = new Object();
    private boolean released;

    @AfterEach
    void stop() {
        synchronized (monitor) {
            released = true;
            monitor.notifyAll();
        }
        backing.shutdownNow();
        timers.shutdownNow();
    }

    @Test
    void callbacksInOnrampsWaitsTakeNoMoreThreadsThanTheCeiling() throws Exception {
        CallbackPool pool = new CallbackPool(counting, timers, 1, NEVER_MS, 3, NEVER_MS);
        CountDownLatch threeWaiting = new CountDownLatch(3);
        AtomicInteger waiting = new AtomicInteger();
        for (int i = 0; i < 100; i++) {
            pool.execute(() -> onrampWait(() -> {
                waiting.incrementAndGet();
                threeWaiting.countDown();
            }));
        }

        // each wait, announced, starts the next drainer before it parks: the chain stops only at the ceiling
        assertThat(threeWaiting.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(borrowed.get()).as("threads borrowed").isEqualTo(3);
        assertThat(pool.drainers()).isEqualTo(3);
        assertThat(waiting.get()).isEqualTo(3);
    }

    @Test
    void atTheCeilingTheLongWaitsAreEndedSoQueuedCallbacksRunAndNoInterruptIsLeftBehind() throws Exception {
        CallbackPool pool = new CallbackPool(counting, timers, 1, 5, 2, 0);
        List<String> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch ended = new CountDownLatch(2);
        for (int i = 0; i < 2; i++) {
            pool.execute(() -> {
                outcomes.add(onrampWait(() -> { }));
                outcomes.add("interrupted afterwards: " + Thread.currentThread().isInterrupted());
                ended.countDown();
            });
        }
        CountDownLatch queuedRan = new CountDownLatch(1);
        pool.execute(queuedRan::countDown);

        assertThat(queuedRan.await(30, TimeUnit.SECONDS)).as("the queued callback ran").isTrue();
        synchronized (monitor) {
            released = true; // the wait the pool did not need to end ends as usual
            monitor.notifyAll();
        }
        assertThat(ended.await(30, TimeUnit.SECONDS)).isTrue();
        // both waits were old enough: one or both ended by the pool, whichever the watchdog found in time
        assertThat(outcomes).contains("ended by the pool").hasSize(4).isSubsetOf("ended by the pool", "released",
                "interrupted afterwards: false");
        assertThat(borrowed.get()).as("threads borrowed").isLessThanOrEqualTo(2);
    }

    @Test
    void waitsAreNotEndedBeforeTheirGracePeriod() throws Exception {
        CallbackPool pool = new CallbackPool(counting, timers, 1, 5, 1, NEVER_MS);
        CountDownLatch inWait = new CountDownLatch(1);
        AtomicInteger outcome = new AtomicInteger();
        pool.execute(() -> outcome.set(onrampWait(inWait::countDown).equals("released") ? 1 : 2));
        CountDownLatch queuedRan = new CountDownLatch(1);
        pool.execute(queuedRan::countDown);
        assertThat(inWait.await(30, TimeUnit.SECONDS)).isTrue();

        // many watchdog periods pass at the ceiling with the callback queued; the young wait is left alone
        assertThat(queuedRan.await(200, TimeUnit.MILLISECONDS)).isFalse();
        synchronized (monitor) {
            released = true;
            monitor.notifyAll();
        }
        assertThat(queuedRan.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(outcome.get()).isEqualTo(1);
    }

    /** Waits as Onramp's waits do (announced to the pool, ended by an interrupt); runs {@code entered} once in. */
    private String onrampWait(Runnable entered) {
        CallbackPool token = CallbackPool.enterBlocking();
        try {
            entered.run();
            synchronized (monitor) {
                while (!released) {
                    monitor.wait();
                }
            }
            return "released";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // as MessageInputStream does before it throws
            return "ended by the pool";
        } finally {
            CallbackPool.exitBlocking(token);
        }
    }
}
