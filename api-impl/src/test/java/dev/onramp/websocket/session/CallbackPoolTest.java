package dev.onramp.websocket.session;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link CallbackPool}: queued callbacks run in a row on one borrowed thread, and a blocked one never starves the rest. */
class CallbackPoolTest {

    private static final long NEVER_MS = TimeUnit.HOURS.toMillis(1);

    private final ExecutorService backing = Executors.newCachedThreadPool(SharedThreads.daemonFactory("pool-test-"));
    private final AtomicInteger borrowed = new AtomicInteger();
    private final Executor counting = task -> {
        borrowed.incrementAndGet();
        backing.execute(task);
    };
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        backing.shutdownNow();
        timers.shutdownNow();
    }

    @Test
    void tasksQueuedWhileTheDrainerIsBusyRunOnItWithoutBorrowingAnotherThread() throws Exception {
        CallbackPool pool = new CallbackPool(counting, timers, 1, NEVER_MS);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch allRan = new CountDownLatch(11);
        Set<Thread> ranOn = ConcurrentHashMap.newKeySet();
        pool.execute(() -> {
            await(release);
            ranOn.add(Thread.currentThread());
            allRan.countDown();
        });
        for (int i = 0; i < 10; i++) {
            pool.execute(() -> {
                ranOn.add(Thread.currentThread());
                allRan.countDown();
            });
        }
        release.countDown();

        assertThat(allRan.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(borrowed.get()).isEqualTo(1);
        assertThat(ranOn).hasSize(1);
    }

    @Test
    void aCallbackBlockedOnAQueuedOneIsRescuedByTheWatchdog() throws Exception {
        // parallelism 1: without the watchdog the second task would wait forever behind the first
        CallbackPool pool = new CallbackPool(counting, timers, 1, 5);
        CountDownLatch secondRan = new CountDownLatch(1);
        CountDownLatch firstDone = new CountDownLatch(1);
        pool.execute(() -> {
            await(secondRan);
            firstDone.countDown();
        });
        pool.execute(secondRan::countDown);

        assertThat(firstDone.await(10, TimeUnit.SECONDS)).isTrue();
        // the watchdog borrowed a second thread; with busy cores it may tick again before that thread starts
        assertThat(borrowed.get()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aCallbackInAnAnnouncedWaitDoesNotHoldUpQueuedOnes() throws Exception {
        // no watchdog in time: only the announced wait lets the second task run
        CallbackPool pool = new CallbackPool(counting, timers, 1, NEVER_MS);
        CountDownLatch firstWaiting = new CountDownLatch(1);
        CountDownLatch secondRan = new CountDownLatch(1);
        CountDownLatch firstDone = new CountDownLatch(1);
        pool.execute(() -> {
            CallbackPool token = CallbackPool.enterBlocking();
            try {
                firstWaiting.countDown();
                await(secondRan);
            } finally {
                CallbackPool.exitBlocking(token);
            }
            firstDone.countDown();
        });
        assertThat(firstWaiting.await(10, TimeUnit.SECONDS)).isTrue();
        pool.execute(secondRan::countDown);

        assertThat(firstDone.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(borrowed.get()).isEqualTo(2);
    }

    @Test
    void aCallbackWaitingOnASendFutureLetsTheCallbackThatCompletesItRun() throws Exception {
        // SendFuture.get announces its wait: with no watchdog in time, nothing else would run the completion
        CallbackPool pool = new CallbackPool(counting, timers, 1, NEVER_MS);
        SendFuture send = new SendFuture();
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        pool.execute(() -> {
            try {
                outcome.complete(send.get(10, TimeUnit.SECONDS));
            } catch (Exception e) {
                outcome.complete(e);
            }
        });
        pool.execute(send::succeeded);

        assertThat(outcome.get(20, TimeUnit.SECONDS)).as("the wait ended by the completion, not a timeout").isNull();
    }

    @Test
    void aStreamHandlerWaitingForTheNextFrameLetsTheCallbackThatDeliversItRun() throws Exception {
        // MessageInputStream.read announces its wait the same way
        CallbackPool pool = new CallbackPool(counting, timers, 1, NEVER_MS);
        MessageInputStream stream = new MessageInputStream(() -> { });
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        pool.execute(() -> {
            try {
                outcome.complete(stream.read());
            } catch (Exception e) {
                outcome.complete(e);
            }
        });
        pool.execute(() -> stream.offer(ByteBuffer.wrap(new byte[] {42}), true));

        assertThat(outcome.get(10, TimeUnit.SECONDS)).isEqualTo(42);
    }

    @Test
    void aWaitAnnouncedWhileTasksAreQueuedStartsADrainerForThem() throws Exception {
        CallbackPool pool = new CallbackPool(counting, timers, 1, NEVER_MS);
        CountDownLatch queued = new CountDownLatch(1);
        CountDownLatch secondRan = new CountDownLatch(1);
        CountDownLatch firstDone = new CountDownLatch(1);
        pool.execute(() -> {
            await(queued);
            CallbackPool token = CallbackPool.enterBlocking();
            try {
                await(secondRan);
            } finally {
                CallbackPool.exitBlocking(token);
            }
            firstDone.countDown();
        });
        pool.execute(secondRan::countDown);
        queued.countDown();

        assertThat(firstDone.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(borrowed.get()).isEqualTo(2);
    }

    @Test
    void enterBlockingOutsideAPoolIsANoOp() {
        CallbackPool token = CallbackPool.enterBlocking();
        CallbackPool.exitBlocking(token);
        assertThat(token).isNull();
    }

    @Test
    void aTaskThatThrowsDoesNotStopTheOnesAfterIt() throws Exception {
        CallbackPool pool = new CallbackPool(counting, timers, 1, NEVER_MS);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch after = new CountDownLatch(1);
        pool.execute(() -> await(release));
        pool.execute(() -> {
            throw new IllegalStateException("expected by the test");
        });
        pool.execute(after::countDown);
        release.countDown();

        assertThat(after.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(borrowed.get()).isEqualTo(1);
    }

    @Test
    void noTaskIsLostWhenManyThreadsSubmitWhileDrainersComeAndGo() throws Exception {
        CallbackPool pool = new CallbackPool(counting, timers, 2, NEVER_MS);
        int submitters = 4;
        int each = 20_000;
        CountDownLatch ran = new CountDownLatch(submitters * each);
        ExecutorService threads = Executors.newFixedThreadPool(submitters);
        try {
            for (int s = 0; s < submitters; s++) {
                threads.execute(() -> {
                    for (int i = 0; i < each; i++) {
                        pool.execute(ran::countDown);
                    }
                });
            }
            assertThat(ran.await(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            threads.shutdownNow();
        }
        assertThat(borrowed.get()).isGreaterThanOrEqualTo(1);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
