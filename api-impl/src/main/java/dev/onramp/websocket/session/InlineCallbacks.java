package dev.onramp.websocket.session;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ceiling of a container's transport read threads that run message handlers inline at once (see
 * {@link ContainerDefaults#MAX_INLINE_CALLBACK_THREADS}): a delivery {@link #tryEnter enters} before its handler runs
 * on the read thread and {@link #exit exits} when it returns; a delivery that finds the ceiling reached is handed to
 * the callback threads instead.
 *
 * <p>Why: a handler run inline keeps the container's own thread for as long as it runs, and one that waits (a
 * blocking send to a peer that reads nothing, or anything the application waits for) keeps it for that long. The
 * container needs threads of the same pool to read other connections and, on Tomcat, to complete the writes those
 * handlers wait for. Counting the threads inside inline handlers, whatever they do there, keeps part of the pool for
 * that work however many peers stall; the callback threads ({@link CallbackPool}) take the rest of the load, with
 * their own ceiling.
 */
final class InlineCallbacks {

    private volatile int max;
    private final AtomicInteger inside = new AtomicInteger();

    /** @param max the ceiling; 0 runs nothing inline */
    InlineCallbacks(int max) {
        setMax(max);
    }

    /** Changes the ceiling for deliveries from now on (threads inside already stay). */
    void setMax(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("the ceiling of inline callback threads must be at least 0: " + max);
        }
        this.max = max;
    }

    int max() {
        return max;
    }

    /**
     * Counts the calling thread in, unless this ceiling or the transport's own is reached; pair a true answer with
     * {@link #exit} in a {@code finally}.
     *
     * @param transportMax the most threads the transport lets run application code at once (its
     *     {@code readThreadsForApplicationCode})
     */
    boolean tryEnter(int transportMax) {
        int ceiling = Math.min(max, transportMax);
        while (true) {
            int n = inside.get();
            if (n >= ceiling) {
                return false;
            }
            if (inside.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Counts out a thread that {@link #tryEnter} counted in. */
    void exit() {
        inside.decrementAndGet();
    }

    /** Threads inside inline handlers now (for tests and diagnostics). */
    int inside() {
        return inside.get();
    }
}
