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
            try {
                next.run();
            } catch (RuntimeException | Error e) {
                // tasks report their own failures; one that escapes must not stop the session's later callbacks
                System.getLogger(SerialExecutor.class.getName())
                        .log(System.Logger.Level.WARNING, "session task failed", e);
            }
        }
    }
}
