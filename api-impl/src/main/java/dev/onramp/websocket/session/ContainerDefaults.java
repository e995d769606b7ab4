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
     * Bytes of encoded frames that may wait in a session's outbound queue. A message is always accepted when
     * the queue is empty; otherwise a blocking send waits for room and an asynchronous send fails at once with
     * an {@link java.io.IOException} (see {@code OutboundQueue}).
     */
    public static final long OUTBOUND_QUEUE_LIMIT_BYTES = 16L * 1024 * 1024;

    private ContainerDefaults() {
    }
}
