package dev.onramp.websocket.session;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;

import java.util.concurrent.Executor;

/**
 * How a session calls its application: every call runs on the container's callback threads (never a transport
 * thread, except for messages {@link #deliver delivered} inline over a transport that allows it; never while Onramp
 * holds a lock), with the webapp's class loader as thread context class loader, and an
 * exception it throws goes to the endpoint's {@code onError} (one thrown by {@code onError} is logged).
 *
 * <p>Endpoint callbacks and message handlers run in session order through {@link #inOrder}: one at a time, each
 * after the previous one returned. {@code SendHandler} results run beside them ({@link #sendResult}), since a
 * handler may wait for a send whose result is reported there.
 */
final class ApplicationCallbacks {

    private static final System.Logger LOG = System.getLogger(ApplicationCallbacks.class.getName());

    /** Application code that may throw anything. */
    @FunctionalInterface
    interface Call {
        void run() throws Throwable;
    }

    private final Endpoint endpoint;
    private final ClassLoader classLoader;
    private final Executor pool;
    private final SerialExecutor inOrder;
    private final Session session;
    /**
     * How many of the transport's read threads may run application code at once ({@code
     * Transport.readThreadsForApplicationCode}); 0: none, every message is handed to the pool.
     */
    private final int readThreads;
    /** The container's count of read threads inside inline handlers, and its own ceiling. */
    private final InlineCallbacks inlineCallbacks;

    /**
     * @param pool the container's callback executor (a {@link CallbackPool})
     * @param session what the endpoint's callbacks are given
     * @param readThreads how many of the transport's read threads may run application code at once (0: none)
     * @param inlineCallbacks the container's count of threads inside inline handlers
     */
    ApplicationCallbacks(Endpoint endpoint, ClassLoader classLoader, Executor pool, Session session, int readThreads,
            InlineCallbacks inlineCallbacks) {
        this.endpoint = endpoint;
        this.classLoader = classLoader;
        this.pool = pool;
        this.inOrder = new SerialExecutor(pool);
        this.session = session;
        this.readThreads = readThreads;
        this.inlineCallbacks = inlineCallbacks;
    }

    /**
     * Delivers a message (a whole one or a part) in session order: on the calling read thread when the transport
     * allows it, nothing of the session runs or waits, and fewer read threads than the ceiling (the container's, or
     * the transport's if lower) are inside such a delivery (no hand-off per message); otherwise as {@link #inOrder}.
     * The task must not wait for more input (a stream handler does: it goes through {@link #inOrder}).
     */
    void deliver(Runnable task) {
        if (readThreads > 0 && inlineCallbacks.tryEnter(readThreads)) {
            try {
                inOrder.executeHereIfIdle(task);
            } finally {
                inlineCallbacks.exit();
            }
        } else {
            inOrder.execute(task);
        }
    }

    /** Whether none of the session's callbacks runs or waits now (for tests). */
    boolean idle() {
        return inOrder.idle();
    }

    /** Queues a task behind the session's earlier ones; it runs on a callback thread when they are done. */
    void inOrder(Runnable task) {
        inOrder.execute(task);
    }

    /**
     * Runs application code here (the caller is on a callback thread) with the webapp's class loader; an exception
     * goes to {@code onError}. Returns whether the code completed.
     */
    boolean call(Call code) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(classLoader);
        try {
            code.run();
            return true;
        } catch (Throwable t) {
            try {
                endpoint.onError(session, t);
            } catch (Throwable again) {
                LOG.log(System.Logger.Level.WARNING, "onError of " + endpoint.getClass().getName() + " threw", again);
            }
            return false;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** {@code Endpoint.onOpen}, here; returns whether it completed. */
    boolean onOpen(EndpointConfig config) {
        return call(() -> endpoint.onOpen(session, config));
    }

    /** {@code Endpoint.onError}, here. */
    void onError(Throwable error) {
        call(() -> endpoint.onError(session, error));
    }

    /** {@code Endpoint.onClose}, here. */
    void onClose(CloseReason reason) {
        call(() -> endpoint.onClose(session, reason));
    }

    /**
     * A completion that reports a send's outcome to the application's {@link SendHandler}, once, on a callback
     * thread of its own (not in session order, and never on a container I/O thread).
     */
    OutboundQueue.Completion sendResult(SendHandler handler) {
        return new OutboundQueue.Completion() {
            @Override
            public void succeeded() {
                report(handler, new SendResult());
            }

            @Override
            public void failed(Throwable cause) {
                report(handler, new SendResult(cause));
            }
        };
    }

    /** Reports a result to a {@link SendHandler} on a callback thread. */
    void report(SendHandler handler, SendResult result) {
        pool.execute(() -> call(() -> handler.onResult(result)));
    }
}
