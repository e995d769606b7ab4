package dev.onramp.websocket.session;

/**
 * The documented defaults of every Onramp container; a user changes them per container through the
 * {@code WebSocketContainer} setters, or per session through {@code Session}.
 */
public final class ContainerDefaults {

    /** Idle timeout of a session, ms (0 = never). */
    public static final long MAX_SESSION_IDLE_TIMEOUT_MS = 0L;

    /** Largest whole text message (in bytes of UTF-8) a session buffers before it closes with 1009. */
    public static final int MAX_TEXT_MESSAGE_BUFFER_SIZE = 64 * 1024;

    /** Largest whole binary message a session buffers before it closes with 1009. */
    public static final int MAX_BINARY_MESSAGE_BUFFER_SIZE = 64 * 1024;

    /**
     * How long an asynchronous send may sit blocked on a full socket before it fails, ms. The clock runs only
     * while the connection cannot take bytes, never while a send waits behind others.
     */
    public static final long ASYNC_SEND_TIMEOUT_MS = 60_000L;

    /**
     * How long a blocking send may wait for a full socket to drain before it fails with an IOException (and the
     * connection is dropped), ms. A session's user property {@link #BLOCKING_SEND_TIMEOUT_PROPERTY} overrides it.
     */
    public static final long BLOCKING_SEND_TIMEOUT_MS = 60_000L;

    /** Session user property: the blocking send timeout of that session, ms (a positive Number or decimal String). */
    public static final String BLOCKING_SEND_TIMEOUT_PROPERTY = "dev.onramp.websocket.blockingSendTimeout";

    /** How long a session waits for the peer's close frame (and then for TCP to drop) after sending its own, ms. */
    public static final long CLOSE_TIMEOUT_MS = 5_000L;

    /**
     * How long closing a container (a web application stopping, {@code OnrampClientContainer.close()}) waits for the
     * peers to answer its close frames and for TCP to end, ms; what is still connected then is dropped, and the
     * {@code onClose} callbacks get as long again.
     */
    public static final long SHUTDOWN_GRACE_MS = 1_000L;

    /**
     * Bytes of encoded frames that may wait in a session's outbound queue. A message is always accepted when
     * the queue is empty; otherwise a blocking send waits for room and an asynchronous send fails at once with
     * an {@link java.io.IOException} (see {@code OutboundQueue}).
     */
    public static final long OUTBOUND_QUEUE_LIMIT_BYTES = 16L * 1024 * 1024;

    /**
     * The outbound queue limit, bytes: as a system property or a web application's context init-parameter (which
     * wins), the container's default; as a session user property (a positive Number or decimal String, read once
     * when the session opens), that session's.
     */
    public static final String OUTBOUND_QUEUE_LIMIT_PROPERTY = "dev.onramp.websocket.outboundQueueLimit";

    /**
     * Most threads a container runs application callbacks on at once: 8 per processor, at least 64. A callback
     * waiting in Onramp (a blocking send, a send {@code Future}, a stream read) holds its thread too. At the ceiling,
     * further callbacks wait in the container's queue; and while they wait, every one of Onramp's own waits that
     * has lasted {@link #CALLBACK_WAIT_GRACE_MS} is ended (see {@code CallbackPool}), so that peers that never
     * answer cannot hold every thread.
     */
    public static final int MAX_CALLBACK_THREADS = Math.max(64, 8 * Runtime.getRuntime().availableProcessors());

    /** The ceiling of callback threads, as a system property or a context init-parameter (which wins). */
    public static final String MAX_CALLBACK_THREADS_PROPERTY = "dev.onramp.websocket.maxCallbackThreads";

    /**
     * Most of a container's own worker threads that run message handlers inline at once, on a container-native I/O
     * path: a whole or partial message goes to its handler on the thread that read it when the session runs nothing
     * else and fewer than this many threads are in such a handler already; otherwise it goes to the callback threads
     * (the ceiling above). A handler run inline holds the container's thread for as long as it runs, a blocking send
     * to a peer that reads nothing included (up to the blocking send timeout), so this bounds what slow peers can take
     * from the container. 64 leaves at least 136 of Tomcat's and Jetty's default 200 worker threads to reading other
     * connections, to the write completions those handlers wait for (Tomcat runs them on its worker threads) and to
     * plain HTTP requests; a container module that reports its pool's size lowers it further to half that pool
     * (see {@code NativeTransport} in the servlet bridge), so a small pool is never taken either. 0 runs every
     * handler on the callback threads.
     */
    public static final int MAX_INLINE_CALLBACK_THREADS = 64;

    /** The ceiling of inline callback threads, as a system property or a context init-parameter (which wins). */
    public static final String MAX_INLINE_CALLBACK_THREADS_PROPERTY = "dev.onramp.websocket.maxInlineCallbackThreads";

    /** How long one of Onramp's waits on a callback thread lasts before the pool may end it at the ceiling, ms. */
    public static final long CALLBACK_WAIT_GRACE_MS = 1_000L;

    private ContainerDefaults() {
    }

    /**
     * A positive setting: the configured text (a context init-parameter, or null) when it is a positive number,
     * else the system property {@code name} when it is one, else {@code fallback}. Text that is no positive number is
     * ignored (the next source applies).
     */
    public static long positiveSetting(String name, String configured, long fallback) {
        long value = positive(configured);
        if (value < 0) {
            value = positive(System.getProperty(name));
        }
        return value < 0 ? fallback : value;
    }

    /**
     * A setting that may be 0: the configured text (a context init-parameter, or null) when it is a number of at
     * least 0, else the system property {@code name} when it is one, else {@code fallback}.
     */
    public static long nonNegativeSetting(String name, String configured, long fallback) {
        long value = nonNegative(configured);
        if (value < 0) {
            value = nonNegative(System.getProperty(name));
        }
        return value < 0 ? fallback : value;
    }

    private static long nonNegative(String text) {
        if ("0".equals(text == null ? null : text.trim())) {
            return 0;
        }
        return positive(text);
    }

    /** A positive Number, or a String of a positive decimal number, as a long; -1 for anything else. */
    static long positive(Object value) {
        if (value instanceof Number n) {
            return n.longValue() > 0 ? n.longValue() : -1;
        }
        if (value instanceof String text) {
            try {
                long parsed = Long.parseLong(text.trim());
                return parsed > 0 ? parsed : -1;
            } catch (NumberFormatException ignored) {
                return -1;
            }
        }
        return -1;
    }
}
