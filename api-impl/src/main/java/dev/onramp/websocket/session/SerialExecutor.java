package dev.onramp.websocket.session;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * Runs one session's application callbacks one at a time, in submission order, on a shared executor. A task
 * submitted from inside a running task runs after it, never nested, so "one message at a time per endpoint
 * instance" holds whichever thread submits.
 */
final class SerialExecutor implements Executor {

    private final Executor delegate;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean running;
    /** One instance for every hand-off: a message must not cost a method-reference allocation on top. */
    private final Runnable drainTask = this::drain;

    SerialExecutor(Executor delegate) {
        this.delegate = delegate;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (tasks) {
            tasks.add(task);
            if (running) {
                return;
            }
            running = true;
        }
        delegate.execute(drainTask);
    }

    /**
     * Runs the task on the calling thread when no task of this executor is running or queued (the message goes
     * straight to its handler, no hand-off); otherwise queues it behind them as {@link #execute} does, so the order
     * holds. Tasks submitted while it runs here are handed to the delegate afterwards, not run on this thread: the
     * caller (a transport's read thread) gets back to reading after its one message.
     */
    void executeHereIfIdle(Runnable task) {
        synchronized (tasks) {
            if (running) {
                tasks.add(task);
                return;
            }
            running = true; // nothing is queued while nothing runs
        }
        runSafely(task);
        synchronized (tasks) {
            if (tasks.isEmpty()) {
                running = false;
                return;
            }
        }
        delegate.execute(drainTask);
    }

    /** Whether no task runs or waits now (for tests: the next {@link #executeHereIfIdle} runs its task here). */
    boolean idle() {
        synchronized (tasks) {
            return !running;
        }
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (tasks) {
                next = tasks.poll();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            runSafely(next);
        }
    }

    private static void runSafely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            // tasks report their own failures; one that escapes must not stop the session's later callbacks
            System.getLogger(SerialExecutor.class.getName())
                    .log(System.Logger.Level.WARNING, "session task failed", e);
        }
    }
}
