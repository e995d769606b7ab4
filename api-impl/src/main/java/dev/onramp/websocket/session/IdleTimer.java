package dev.onramp.websocket.session;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * A session's idle timeout ({@code Session.setMaxIdleTimeout}): a frame sent or received restarts the clock, and so
 * does each transport write that completes (a long queue draining to a slow but reading peer is not idle); when the
 * session stayed idle for the timeout, the owner is told once. Nothing is scheduled while the timeout is 0 (never),
 * and one check per timeout period is scheduled otherwise, not one per frame.
 */
final class IdleTimer {

    private final ScheduledExecutorService timers;
    private final SessionSettings settings;
    private final LongConsumer onIdle;

    private volatile long lastActivityNanos = System.nanoTime();
    // guarded by this
    private ScheduledFuture<?> check;
    private boolean stopped;

    /**
     * @param onIdle told (on the timer thread) with the timeout in ms when the session stayed idle that long
     */
    IdleTimer(ScheduledExecutorService timers, SessionSettings settings, LongConsumer onIdle) {
        this.timers = timers;
        this.settings = settings;
        this.onIdle = onIdle;
    }

    /** Something was sent or received: the idle clock starts again. */
    void touch() {
        lastActivityNanos = System.nanoTime();
    }

    /** (Re)starts the check; called when the session opens and whenever its idle timeout changed. */
    void schedule() {
        long timeout = settings.maxIdleTimeoutMs();
        synchronized (this) {
            if (check != null) {
                check.cancel(false);
                check = null;
            }
            if (timeout <= 0 || stopped) {
                return;
            }
            long idleNanos = System.nanoTime() - lastActivityNanos;
            long delay = Math.max(0, TimeUnit.MILLISECONDS.toNanos(timeout) - idleNanos);
            check = timers.schedule(this::check, delay, TimeUnit.NANOSECONDS);
        }
    }

    /** The session is closing: no more checks. */
    synchronized void stop() {
        stopped = true;
        if (check != null) {
            check.cancel(false);
        }
    }

    private void check() {
        long timeout = settings.maxIdleTimeoutMs();
        if (timeout <= 0) {
            return;
        }
        long idleMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastActivityNanos);
        if (idleMs >= timeout) {
            onIdle.accept(timeout);
        } else {
            schedule();
        }
    }
}
