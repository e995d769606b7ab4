package dev.onramp.websocket.transport;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a piece of work on one thread at a time, without a lock: whoever has work for it calls {@link #signal()},
 * and only the thread that finds the loop idle runs it; a signal that arrives while it runs makes that thread run
 * it once more instead. So a callback and an application thread may signal at the same moment without either
 * waiting for the other, and a signal from inside the work (a re-entrant call) never recurses.
 *
 * <p>The work must be idempotent in the sense of "do whatever can be done now": it is run once per burst of
 * signals, not once per signal, and must look at the state itself.
 */
public final class DrainLoop {

    private final AtomicInteger signals = new AtomicInteger();
    private final Runnable work;

    /** @param work what to run; it must not throw (an exception leaves the loop stuck, as a lock never released would) */
    public DrainLoop(Runnable work) {
        this.work = work;
    }

    /** Runs the work now, or has the thread that is running it run it again. */
    public void signal() {
        if (signals.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            work.run();
            missed = signals.addAndGet(-missed);
        } while (missed != 0);
    }
}
