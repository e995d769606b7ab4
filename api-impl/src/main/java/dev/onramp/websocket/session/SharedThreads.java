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
 * program that never closes its containers still exits.
 *
 * <p>Every thread here ends after {@link #IDLE_MILLIS} without work, the timer thread included, and a new one starts
 * when work comes. That is what lets a web application that carries Onramp in {@code WEB-INF/lib} be undeployed: these
 * threads run classes of that application's loader, so a thread that lived on would keep the whole application in
 * memory. For the same reason a thread's context class loader is Onramp's own, never the loader of whichever
 * application happened to make the thread start (callbacks set the application's loader themselves).
 */
public final class SharedThreads {

    /** How long an idle thread of Onramp's pools waits for work before it ends, ms. */
    public static final long IDLE_MILLIS = 2_000;

    private static final class Holder {
        static final ThreadPoolExecutor CALLBACKS = new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_MILLIS,
                TimeUnit.MILLISECONDS, new SynchronousQueue<>(), daemonFactory("onramp-callback-"));
        static final ScheduledThreadPoolExecutor TIMERS = newTimers("onramp-timer-");
    }

    private SharedThreads() {
    }

    /** Threads for application callbacks: grows on demand (blocking sends may park some), shrinks when idle. */
    public static Executor callbackExecutor() {
        return Holder.CALLBACKS;
    }

    /** One timer thread for idle, close and send timeouts, running only while some timeout is pending. */
    public static ScheduledExecutorService timers() {
        return Holder.TIMERS;
    }

    /**
     * A timer pool of one daemon thread that drops cancelled timeouts at once and ends after {@link #IDLE_MILLIS}
     * with nothing scheduled (a pending timeout keeps it alive; a new one starts it again).
     */
    public static ScheduledThreadPoolExecutor newTimers(String prefix) {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, daemonFactory(prefix));
        timers.setRemoveOnCancelPolicy(true);
        timers.setKeepAliveTime(IDLE_MILLIS, TimeUnit.MILLISECONDS);
        timers.allowCoreThreadTimeOut(true);
        return timers;
    }

    /** A factory of daemon threads named with the prefix and a counter, with Onramp's loader as context loader. */
    public static ThreadFactory daemonFactory(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        ClassLoader onramp = SharedThreads.class.getClassLoader();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            thread.setContextClassLoader(onramp);
            return thread;
        };
    }
}
