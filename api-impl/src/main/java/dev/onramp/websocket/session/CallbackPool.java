package dev.onramp.websocket.session;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a container's application callbacks (every session's {@link SerialExecutor} hands its work here) on threads
 * borrowed from a backing executor, without waking a thread per task when work arrives faster than it finishes.
 *
 * <p>Why: handing each message to an idle pooled thread costs a wake-up and a context switch per message; under load
 * (many connections, few cores) that is most of the server's time. Here tasks wait in one FIFO queue, and a borrowed
 * thread (a <em>drainer</em>) runs queued tasks one after another until the queue is empty. A new drainer is
 * started only while fewer than {@code parallelism} are running.
 *
 * <p>Application code may block (a blocking send to a slow peer, or anything the application does), so a task must
 * never wait indefinitely behind a blocked drainer: while tasks are queued and every drainer is busy, a watchdog on
 * the timer thread checks every {@code watchdogMs}; if no task finished since the last check, it starts one more
 * drainer, beyond the parallelism. So a blocked callback delays other sessions' callbacks by about one watchdog
 * period, never more, and no dependency between callbacks (one waiting for another's result) can deadlock. The waits
 * Onramp itself makes a callback do (a blocking send waiting for the peer, a stream handler waiting for the next
 * frame, a {@code Future} of a send) do not wait for the watchdog: they are bracketed by {@link #enterBlocking} and
 * {@link #exitBlocking}, and a blocked drainer does not count against the parallelism. Surplus drainers end as soon as
 * they find the queue empty, which returns their threads to the backing executor.
 *
 * <p>The ceiling: at most {@code maxThreads} drainers run at once, blocked or not, whatever the watchdog or a wait
 * asks. Beyond it, callbacks wait in the queue. A callback that blocks in application code keeps its thread (nothing
 * can end that wait); but Onramp's own waits would let peers that never answer (a stream message left unfinished, a
 * socket never read) take every thread for good, so while callbacks wait at the ceiling, each watchdog period ends
 * every one of Onramp's waits that has lasted {@code graceMs} by interrupting its thread (so at the ceiling none of
 * them lasts much longer than that, and thousands of such peers cost each other's callbacks seconds, not forever): a stream read throws an
 * {@link java.io.InterruptedIOException}, a blocking send fails with an {@link java.io.IOException} as on its timeout,
 * a send {@code Future}'s {@code get} throws {@link InterruptedException}. The interrupt is the pool's, not the
 * application's: it is cleared when the wait ends. So below the ceiling no dependency between callbacks deadlocks;
 * at the ceiling the queue still moves, at the price of the waits that have lasted longest.
 */
final class CallbackPool implements Executor {

    private static final System.Logger LOG = System.getLogger(CallbackPool.class.getName());

    /** How long queued callbacks may wait behind busy drainers that make no progress before one more is started. */
    static final long DEFAULT_WATCHDOG_MS = 10;

    private final Executor threads;
    private final ScheduledExecutorService timers;
    private final int parallelism;
    private final long watchdogMs;
    private final int maxThreads;
    private final long graceNanos;
    /** Onramp's waits in progress on this pool's drainers, oldest first. */
    private final ConcurrentLinkedDeque<Wait> waits = new ConcurrentLinkedDeque<>();
    /** The current thread's wait, while it is in one (nested waits share the outermost). */
    private static final ThreadLocal<Wait> CURRENT_WAIT = new ThreadLocal<>();
    private final AtomicBoolean ceilingReported = new AtomicBoolean();
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    /** Drainers started and not yet ended. */
    private final AtomicInteger drainers = new AtomicInteger();
    /** Drainers inside {@link #enterBlocking}/{@link #exitBlocking}: they do not count against the parallelism. */
    private final AtomicInteger blocked = new AtomicInteger();
    /** The pool whose drainer the current thread is, if any. */
    private static final ThreadLocal<CallbackPool> CURRENT = new ThreadLocal<>();
    /** Tasks finished so far: the watchdog's measure of progress. */
    private final AtomicLong finished = new AtomicLong();
    private final AtomicBoolean watchdogArmed = new AtomicBoolean();
    /** {@link #finished} when the watchdog was armed; written by the arming thread before it schedules the check. */
    private volatile long finishedWhenArmed;
    private final Runnable drain = this::drain;
    private final Runnable check = this::checkProgress;

    /**
     * @param threads where drainers run (a pool that grows on demand, so a compensating drainer always gets a thread)
     * @param timers runs the watchdog
     * @param parallelism drainers started without waiting for the watchdog (typically the number of processors)
     * @param watchdogMs the watchdog period
     */
    CallbackPool(Executor threads, ScheduledExecutorService timers, int parallelism, long watchdogMs) {
        this(threads, timers, parallelism, watchdogMs, Integer.MAX_VALUE, ContainerDefaults.CALLBACK_WAIT_GRACE_MS);
    }

    /**
     * @param maxThreads the ceiling: most drainers at once, blocked ones included (at least {@code parallelism})
     * @param graceMs how long one of Onramp's waits lasts before the pool may end it at the ceiling
     */
    CallbackPool(Executor threads, ScheduledExecutorService timers, int parallelism, long watchdogMs, int maxThreads,
            long graceMs) {
        if (parallelism < 1 || watchdogMs < 1 || graceMs < 0) {
            throw new IllegalArgumentException("parallelism and watchdog period must be positive");
        }
        if (maxThreads < parallelism) {
            throw new IllegalArgumentException("the ceiling " + maxThreads + " is under the parallelism " + parallelism);
        }
        this.threads = threads;
        this.timers = timers;
        this.parallelism = parallelism;
        this.watchdogMs = watchdogMs;
        this.maxThreads = maxThreads;
        this.graceNanos = TimeUnit.MILLISECONDS.toNanos(graceMs);
    }

    /** A pool with one drainer per available processor (never more than the ceiling) and the default periods. */
    static CallbackPool over(Executor threads, ScheduledExecutorService timers, int maxThreads) {
        int ceiling = Math.max(1, maxThreads);
        return new CallbackPool(threads, timers, Math.min(ceiling, Math.max(1,
                Runtime.getRuntime().availableProcessors())), DEFAULT_WATCHDOG_MS, ceiling,
                ContainerDefaults.CALLBACK_WAIT_GRACE_MS);
    }

    @Override
    public void execute(Runnable task) {
        if (task == null) {
            throw new NullPointerException("task");
        }
        queue.add(task);
        if (!startDrainer(parallelism)) {
            armWatchdog(); // every drainer is busy: one of them takes the task, or the watchdog adds a drainer
        }
    }

    /** The ceiling of drainers. */
    int maxThreads() {
        return maxThreads;
    }

    /** Drainers running now (for tests). */
    int drainers() {
        return drainers.get();
    }

    /**
     * Tells the pool that the current thread is about to wait for something another thread finishes; when it is a
     * drainer, queued callbacks get another drainer at once instead of after a watchdog period. Pair it with
     * {@link #exitBlocking} in a {@code finally}. Returns the token to pass there (null on other threads).
     */
    static CallbackPool enterBlocking() {
        CallbackPool pool = CURRENT.get();
        if (pool != null) {
            pool.blocked.incrementAndGet();
            Wait wait = CURRENT_WAIT.get();
            if (wait == null) {
                wait = new Wait(Thread.currentThread(), System.nanoTime());
                CURRENT_WAIT.set(wait);
                pool.waits.add(wait);
            }
            wait.depth++;
            if (!pool.queue.isEmpty()) {
                try {
                    pool.startDrainer(pool.parallelism);
                } catch (RejectedExecutionException e) {
                    // the container is shutting down; the queued callbacks wait for this drainer
                }
            }
        }
        return pool;
    }

    /** Ends the wait announced by {@link #enterBlocking}. */
    static void exitBlocking(CallbackPool token) {
        if (token != null) {
            Wait wait = CURRENT_WAIT.get();
            if (wait != null && --wait.depth == 0) {
                CURRENT_WAIT.remove();
                token.waits.remove(wait);
                wait.finish();
            }
            token.blocked.decrementAndGet();
        }
    }

    /** One of Onramp's waits on a drainer: the pool may end it, once, by interrupting its thread. */
    private static final class Wait {
        final Thread thread;
        final long since;
        /** Nested enterBlocking calls on the thread; touched by that thread only. */
        int depth;
        /** Guarded by this: the pool interrupted the thread, or the wait is over (whichever came first). */
        private boolean ended;
        private boolean finished;

        Wait(Thread thread, long since) {
            this.thread = thread;
            this.since = since;
        }

        /** On the timer thread: interrupts the waiting thread unless its wait is over. */
        synchronized boolean end() {
            if (finished || ended) {
                return false;
            }
            ended = true;
            thread.interrupt(); // under the lock: finish() sees the interrupt already delivered
            return true;
        }

        /** On the waiting thread, when its wait is over: absorbs the pool's interrupt if one was sent. */
        void finish() {
            boolean interruptedByPool;
            synchronized (this) {
                finished = true;
                interruptedByPool = ended;
            }
            if (interruptedByPool) {
                Thread.interrupted();
            }
        }
    }

    private boolean startDrainer(int max) {
        while (true) {
            int n = drainers.get();
            if (n >= maxThreads || n - blocked.get() >= max) {
                return false;
            }
            if (drainers.compareAndSet(n, n + 1)) {
                break;
            }
        }
        try {
            threads.execute(drain);
        } catch (RejectedExecutionException e) {
            drainers.decrementAndGet();
            throw e;
        }
        return true;
    }

    private void drain() {
        CURRENT.set(this);
        try {
            drainQueue();
        } finally {
            CURRENT.remove();
        }
    }

    private void drainQueue() {
        while (true) {
            Runnable task = queue.poll();
            if (task == null) {
                drainers.decrementAndGet();
                // a task queued between the poll and the decrement may have seen every drainer busy and started none
                if (queue.isEmpty() || !reenter()) {
                    return;
                }
                continue;
            }
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                // tasks report their own failures; one that escapes must not end the drainer with work queued
                LOG.log(System.Logger.Level.WARNING, "callback task failed", e);
            } finally {
                // an interrupt (the application's, or the pool's at its ceiling) ends with the callback it was meant
                // for: the next callback on this thread, maybe another session's, must not find it set
                Thread.interrupted();
                finished.incrementAndGet();
            }
        }
    }

    /** Counts this thread as a drainer again if there is room; otherwise the running drainers have the queue. */
    private boolean reenter() {
        while (true) {
            int n = drainers.get();
            if (n - blocked.get() >= parallelism) {
                armWatchdog();
                return false;
            }
            if (drainers.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    private void armWatchdog() {
        if (watchdogArmed.compareAndSet(false, true)) {
            finishedWhenArmed = finished.get();
            try {
                timers.schedule(check, watchdogMs, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // the container is shutting down: no more progress guarantee is owed
                watchdogArmed.set(false);
            }
        }
    }

    /** On the timer thread: adds a drainer when queued tasks wait and no drainer finished anything for a period. */
    private void checkProgress() {
        boolean stalled = finished.get() == finishedWhenArmed;
        watchdogArmed.set(false);
        if (queue.isEmpty()) {
            return;
        }
        if (stalled || drainers.get() == 0) {
            try {
                startDrainer(Integer.MAX_VALUE);
            } catch (RejectedExecutionException e) {
                return; // the container is shutting down
            }
        }
        if (drainers.get() >= maxThreads) {
            endLongWaits();
        }
        armWatchdog(); // tasks still wait: keep watching until the queue empties
    }

    /** At the ceiling with callbacks queued: ends each of Onramp's waits that has lasted the grace period. */
    private void endLongWaits() {
        long now = System.nanoTime();
        for (Wait wait : waits) {
            if (now - wait.since < graceNanos) {
                return; // the oldest that is left is too young, and so are the rest
            }
            if (wait.end()) {
                waits.remove(wait);
                if (ceilingReported.compareAndSet(false, true)) {
                    LOG.log(System.Logger.Level.WARNING, "all " + maxThreads + " callback threads are taken and "
                            + "callbacks wait: ending Onramp's longest waits (stream reads, blocking sends) to free "
                            + "threads; raise " + ContainerDefaults.MAX_CALLBACK_THREADS_PROPERTY + " if this load is "
                            + "expected (reported once)");
                }
            }
        }
    }
}
