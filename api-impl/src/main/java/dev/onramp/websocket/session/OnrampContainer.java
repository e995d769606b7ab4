package dev.onramp.websocket.session;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Extension;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What the server and the client containers share: the defaults a user may change, and the threads that run
 * application callbacks and timers. Subclasses add {@code connectToServer} (the client) and deployment (the
 * server).
 */
public abstract class OnrampContainer implements WebSocketContainer {

    private final Executor callbackExecutor;
    private final ScheduledExecutorService timers;
    private final OpenSessions allSessions = new OpenSessions();
    private final LiveConnections liveConnections = new LiveConnections();

    private volatile long defaultAsyncSendTimeout = ContainerDefaults.ASYNC_SEND_TIMEOUT_MS;
    private volatile long defaultMaxSessionIdleTimeout = ContainerDefaults.MAX_SESSION_IDLE_TIMEOUT_MS;
    private volatile int defaultMaxBinaryMessageBufferSize = ContainerDefaults.MAX_BINARY_MESSAGE_BUFFER_SIZE;
    private volatile int defaultMaxTextMessageBufferSize = ContainerDefaults.MAX_TEXT_MESSAGE_BUFFER_SIZE;
    private volatile long defaultOutboundQueueLimit;
    private final InlineCallbacks inlineCallbacks = new InlineCallbacks((int) Math.min(Integer.MAX_VALUE,
            ContainerDefaults.nonNegativeSetting(ContainerDefaults.MAX_INLINE_CALLBACK_THREADS_PROPERTY, null,
                    ContainerDefaults.MAX_INLINE_CALLBACK_THREADS)));

    /** A container whose callbacks and timers run on the process-wide daemon threads of {@link SharedThreads}. */
    protected OnrampContainer() {
        this(SharedThreads.callbackExecutor(), SharedThreads.timers());
    }

    /**
     * A container with its own threads (for callbacks) and timer service. Callbacks do not go to
     * {@code callbackExecutor} one by one: a {@link CallbackPool} borrows its threads to run queued callbacks in a row,
     * so it must start a thread whenever asked (a pool that grows on demand).
     */
    protected OnrampContainer(Executor callbackExecutor, ScheduledExecutorService timers) {
        this(callbackExecutor, timers, (int) ContainerDefaults.positiveSetting(
                ContainerDefaults.MAX_CALLBACK_THREADS_PROPERTY, null, ContainerDefaults.MAX_CALLBACK_THREADS));
    }

    /**
     * A container with its own threads, of which at most {@code maxCallbackThreads} run callbacks at once (see
     * {@link ContainerDefaults#MAX_CALLBACK_THREADS}). Its default outbound queue limit is the system property
     * {@link ContainerDefaults#OUTBOUND_QUEUE_LIMIT_PROPERTY}, else {@link ContainerDefaults#OUTBOUND_QUEUE_LIMIT_BYTES}.
     */
    protected OnrampContainer(Executor callbackExecutor, ScheduledExecutorService timers, int maxCallbackThreads) {
        this.callbackExecutor = CallbackPool.over(callbackExecutor, timers, maxCallbackThreads);
        this.timers = timers;
        this.defaultOutboundQueueLimit = ContainerDefaults.positiveSetting(
                ContainerDefaults.OUTBOUND_QUEUE_LIMIT_PROPERTY, null, ContainerDefaults.OUTBOUND_QUEUE_LIMIT_BYTES);
    }

    /** Runs application callbacks; sessions serialize their own work on top of it. */
    public Executor callbackExecutor() {
        return callbackExecutor;
    }

    /**
     * The ceiling of transport read threads that run message handlers inline at once, over transports that allow it
     * (the container-native I/O paths); see {@link ContainerDefaults#MAX_INLINE_CALLBACK_THREADS}. Its default is the
     * system property {@link ContainerDefaults#MAX_INLINE_CALLBACK_THREADS_PROPERTY}, else that constant.
     */
    public int getMaxInlineCallbackThreads() {
        return inlineCallbacks.max();
    }

    /**
     * Sets {@link #getMaxInlineCallbackThreads()} for deliveries from now on.
     *
     * @param max at least 0; 0 runs every handler on the callback threads
     */
    public void setMaxInlineCallbackThreads(int max) {
        inlineCallbacks.setMax(max);
    }

    /** The count of read threads inside inline handlers, shared by this container's sessions. */
    InlineCallbacks inlineCallbacks() {
        return inlineCallbacks;
    }

    /** Runs idle, close and send timeouts. Tasks must be short and never call the application directly. */
    public ScheduledExecutorService timers() {
        return timers;
    }

    /** Every open session of this container, on any endpoint. */
    public OpenSessions allSessions() {
        return allSessions;
    }

    /** The connections that have not fully ended (transport open or {@code onClose} not yet run). */
    LiveConnections liveConnections() {
        return liveConnections;
    }

    /** How many connections have not fully ended: their transport is open or their {@code onClose} has not run. */
    public int liveConnectionCount() {
        return liveConnections.size();
    }

    /**
     * Ends every connection of the containers before returning. Each open session is closed with {@code reason};
     * connections that have not ended within {@code graceMs} (the peer did not answer the close frame, or a client
     * still waits for the server to drop TCP) are dropped, and their sessions see 1006; then the {@code onClose}
     * callbacks get {@code graceMs} more. A web application that stops needs this: Onramp in its {@code WEB-INF/lib}
     * runs with its class loader, which loads no class once the application has stopped, so no timer, read or
     * callback of it may be left to run later (and no thread left to keep the loader in memory).
     *
     * @return whether every connection ended (false: some {@code onClose} was still running at the second deadline)
     */
    public static boolean endConnections(CloseReason reason, long graceMs, OnrampContainer... containers) {
        for (OnrampContainer c : containers) {
            for (Session session : c.allSessions().snapshot()) {
                try {
                    session.close(reason);
                } catch (IOException | RuntimeException e) {
                    // the session is closing or gone already
                }
            }
        }
        boolean interrupted = false;
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMs);
            try {
                if (awaitNone(deadline, containers)) {
                    return true;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
            for (OnrampContainer c : containers) {
                for (WebSocketConnection connection : c.liveConnections.snapshot()) {
                    connection.drop("the container closed before the connection ended");
                }
            }
            try {
                return awaitNone(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMs), containers);
            } catch (InterruptedException e) {
                interrupted = true;
                return false;
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static boolean awaitNone(long deadlineNanos, OnrampContainer... containers) throws InterruptedException {
        boolean none = true;
        for (OnrampContainer c : containers) {
            none &= c.liveConnections.awaitNone(deadlineNanos);
        }
        return none;
    }

    @Override
    public long getDefaultAsyncSendTimeout() {
        return defaultAsyncSendTimeout;
    }

    @Override
    public void setAsyncSendTimeout(long timeoutMillis) {
        defaultAsyncSendTimeout = timeoutMillis;
    }

    @Override
    public long getDefaultMaxSessionIdleTimeout() {
        return defaultMaxSessionIdleTimeout;
    }

    @Override
    public void setDefaultMaxSessionIdleTimeout(long timeout) {
        defaultMaxSessionIdleTimeout = timeout;
    }

    @Override
    public int getDefaultMaxBinaryMessageBufferSize() {
        return defaultMaxBinaryMessageBufferSize;
    }

    @Override
    public void setDefaultMaxBinaryMessageBufferSize(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max binary message buffer size must be positive: " + max);
        }
        defaultMaxBinaryMessageBufferSize = max;
    }

    @Override
    public int getDefaultMaxTextMessageBufferSize() {
        return defaultMaxTextMessageBufferSize;
    }

    @Override
    public void setDefaultMaxTextMessageBufferSize(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max text message buffer size must be positive: " + max);
        }
        defaultMaxTextMessageBufferSize = max;
    }

    /**
     * Bytes of encoded frames that may wait in the outbound queue of a session this container opens from now on
     * (unless the session's user property {@link ContainerDefaults#OUTBOUND_QUEUE_LIMIT_PROPERTY} says otherwise).
     */
    public long getDefaultOutboundQueueLimit() {
        return defaultOutboundQueueLimit;
    }

    /**
     * Sets {@link #getDefaultOutboundQueueLimit()}; sessions already open keep theirs.
     *
     * @param bytes a positive number of bytes
     */
    public void setDefaultOutboundQueueLimit(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("outbound queue limit must be positive: " + bytes);
        }
        defaultOutboundQueueLimit = bytes;
    }

    @Override
    public Set<Extension> getInstalledExtensions() {
        return Set.copyOf(installedExtensions());
    }

    /** The extensions this container implements: permessage-deflate (RFC 7692). */
    protected List<Extension> installedExtensions() {
        return List.of(new DeflateExtension(dev.onramp.websocket.protocol.DeflateParameters.defaults()));
    }
}
