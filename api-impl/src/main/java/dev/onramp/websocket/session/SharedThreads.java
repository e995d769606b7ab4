package dev.onramp.websocket.session;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The process-wide daemon threads that containers use unless they bring their own. Daemon threads, so a
 * program that never closes its containers still exits; idle callback threads die after a minute.
 */
public final class SharedThreads {

    private static final class Holder {
        static final ThreadPoolExecutor CALLBACKS = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), daemonFactory("onramp-callback-"));
        static final ScheduledThreadPoolExecutor TIMERS = newTimers();

        private static ScheduledThreadPoolExecutor newTimers() {
            ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, daemonFactory("onramp-timer-"));
            timers.setRemoveOnCancelPolicy(true);
            return timers;
        }
    }

    private SharedThreads() {
    }

    /** Threads for application callbacks: grows on demand (blocking sends may park some), shrinks when idle. */
    public static Executor callbackExecutor() {
        return Holder.CALLBACKS;
    }

    /** One timer thread for idle, close and send timeouts. */
    public static ScheduledExecutorService timers() {
        return Holder.TIMERS;
    }

    /** A factory of daemon threads named with the prefix and a counter. */
    public static ThreadFactory daemonFactory(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
