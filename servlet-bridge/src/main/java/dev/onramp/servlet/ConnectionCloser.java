package dev.onramp.servlet;

import jakarta.servlet.ReadListener;
import jakarta.servlet.http.WebConnection;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Closes an upgraded {@link WebConnection} for {@link ServletTransport}, chosen once per connection: at once, or, on
 * Grizzly (Payara, GlassFish), once the connection has been quiet for a moment.
 *
 * <p>Grizzly's {@code WebConnection.close()} hands the connection back to its HTTP processing: it resumes the
 * suspended request, which runs the request's after-service and recycles its objects. When a Grizzly thread handles a
 * read of the same connection meanwhile (typically the peer's answer to the close frame Onramp just wrote, a round
 * trip later), both finish and recycle the same request, and the pooled objects then serve two later connections at
 * once, which fail with NullPointerExceptions in Grizzly and Catalina (in Autobahn runs: a null output buffer in
 * {@code finishResponse}, a null context in {@code Request.upgrade}, a null connection in {@code parseHost}, a null
 * attribute holder in {@code afterService}). Closing inside the read callback does not help: the callback runs within
 * Grizzly's read handling, which finishes the request again after it. So on Grizzly the close waits until no read
 * callback has run for {@link #QUIET_MILLIS} (the peer has answered, or has nothing to say) and then happens on
 * Onramp's timer thread (not the JDK's common pool, which an application may have filled with blocked tasks: from
 * JDK 19 on, {@code CompletableFuture}'s delayed executor runs there even on 2 cores, with one worker). Measured with Autobahn 1-11 on Payara Micro 7: 12 NullPointerExceptions with the close at once, none
 * in two runs with this.
 */
class ConnectionCloser {

    private static final System.Logger LOG = System.getLogger(ConnectionCloser.class.getName());

    /** The class of Grizzly's (Payara's and GlassFish's) web connection. */
    static final String GRIZZLY_WEB_CONNECTION = "org.apache.catalina.connector.WebConnectionImpl";
    /** How long a connection must have been quiet (no read callback) before it is closed (Grizzly only). */
    static final long QUIET_MILLIS = 200;
    /** The longest a close waits for quiet (Grizzly only): a connection ends within this after Onramp closed it. */
    static final long MAX_WAIT_MILLIS = 2_000;

    private final WebConnection connection;
    private final AtomicBoolean closed = new AtomicBoolean();

    ConnectionCloser(WebConnection connection) {
        this.connection = connection;
    }

    /** The closer for {@code connection}'s container; {@code timers} runs a close that waits for quiet. */
    static ConnectionCloser of(WebConnection connection, ScheduledExecutorService timers) {
        return GRIZZLY_WEB_CONNECTION.equals(connection.getClass().getName())
                ? new WhenQuiet(connection, timers) : new ConnectionCloser(connection);
    }

    /** The listener to install: {@code listener} itself, or one that records when the container calls it. */
    ReadListener watch(ReadListener listener) {
        return listener;
    }

    /** Closes the connection, now or (Grizzly) once it is quiet; only the first call counts. */
    void close() {
        closeNow();
    }

    final void closeNow() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            connection.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "closing an upgraded connection failed", e);
        }
    }

    /**
     * Grizzly's: closes once no read callback has run for {@link #QUIET_MILLIS}, on a timer thread, and at the latest
     * after {@link #MAX_WAIT_MILLIS}.
     */
    static final class WhenQuiet extends ConnectionCloser {
        private final ScheduledExecutorService timers;
        private final AtomicInteger inCallbacks = new AtomicInteger();
        private volatile long lastCallbackNanos = System.nanoTime();

        WhenQuiet(WebConnection connection, ScheduledExecutorService timers) {
            super(connection);
            this.timers = timers;
        }

        @Override
        void close() {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_WAIT_MILLIS);
            closeWhenQuiet(deadline);
        }

        private void closeWhenQuiet(long deadline) {
            long quietFor = System.nanoTime() - lastCallbackNanos;
            long left = TimeUnit.MILLISECONDS.toNanos(QUIET_MILLIS) - quietFor;
            if ((inCallbacks.get() == 0 && left <= 0) || System.nanoTime() - deadline >= 0) {
                closeNow();
            } else {
                try {
                    timers.schedule(() -> closeWhenQuiet(deadline), Math.max(left, TimeUnit.MILLISECONDS.toNanos(10)),
                            TimeUnit.NANOSECONDS);
                } catch (java.util.concurrent.RejectedExecutionException stopping) {
                    closeNow(); // the container is shutting down: no later than now
                }
            }
        }

        private void enter() {
            inCallbacks.incrementAndGet();
            lastCallbackNanos = System.nanoTime();
        }

        private void exit() {
            lastCallbackNanos = System.nanoTime();
            inCallbacks.decrementAndGet();
        }

        @Override
        ReadListener watch(ReadListener listener) {
            return new ReadListener() {
                @Override
                public void onDataAvailable() throws java.io.IOException {
                    enter();
                    try {
                        listener.onDataAvailable();
                    } finally {
                        exit();
                    }
                }

                @Override
                public void onAllDataRead() throws java.io.IOException {
                    enter();
                    try {
                        listener.onAllDataRead();
                    } finally {
                        exit();
                    }
                }

                @Override
                public void onError(Throwable t) {
                    enter();
                    try {
                        listener.onError(t);
                    } finally {
                        exit();
                    }
                }
            };
        }
    }
}
