package dev.onramp.websocket.session;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * One session's settings, resolved once when the session opens: the container's defaults at that moment, the
 * session's user properties, and Onramp's own limits. The session's setters change them here; the engine reads
 * them here (never from the container or the user-property map on a hot path).
 *
 * <p>The one setting an application may change through a user property after the session opened, the blocking
 * send timeout, is parsed only when the property's value object changes.
 */
final class SessionSettings {

    private final Map<String, Object> userProperties;
    private final long defaultAsyncSendTimeoutMs;
    private final long outboundQueueLimitBytes;
    private final long closeTimeoutMs;

    private volatile long maxIdleTimeoutMs;
    private volatile int maxTextMessageBufferSize;
    private volatile int maxBinaryMessageBufferSize;

    /** The blocking send timeout as last resolved, and the property value it was resolved from. */
    private volatile BlockingSendTimeout blockingSendTimeout = new BlockingSendTimeout(null,
            ContainerDefaults.BLOCKING_SEND_TIMEOUT_MS);

    private record BlockingSendTimeout(Object property, long ms) {
    }

    SessionSettings(SessionSetup setup) {
        this.userProperties = setup.userProperties() != null ? setup.userProperties()
                : copyOf(setup.config().getUserProperties());
        OnrampContainer container = setup.container();
        this.defaultAsyncSendTimeoutMs = container.getDefaultAsyncSendTimeout();
        this.maxIdleTimeoutMs = container.getDefaultMaxSessionIdleTimeout();
        this.maxTextMessageBufferSize = container.getDefaultMaxTextMessageBufferSize();
        this.maxBinaryMessageBufferSize = container.getDefaultMaxBinaryMessageBufferSize();
        long ownLimit = ContainerDefaults.positive(userProperties.get(ContainerDefaults.OUTBOUND_QUEUE_LIMIT_PROPERTY));
        this.outboundQueueLimitBytes = ownLimit > 0 ? ownLimit : container.getDefaultOutboundQueueLimit();
        this.closeTimeoutMs = ContainerDefaults.CLOSE_TIMEOUT_MS;
    }

    /** The session's own map, starting as a shallow copy of the configuration's (the specification's rule). */
    private static Map<String, Object> copyOf(Map<String, Object> configProperties) {
        return Collections.synchronizedMap(configProperties == null ? new HashMap<>() : new HashMap<>(configProperties));
    }

    /** What {@code Session.getUserProperties()} returns. */
    Map<String, Object> userProperties() {
        return userProperties;
    }

    /** The container's asynchronous send timeout when the session opened (the session's own starts there). */
    long defaultAsyncSendTimeoutMs() {
        return defaultAsyncSendTimeoutMs;
    }

    /**
     * Bytes of encoded frames that may wait in the session's outbound queue: the session's user property
     * {@link ContainerDefaults#OUTBOUND_QUEUE_LIMIT_PROPERTY} when it opened, else the container's default then.
     */
    long outboundQueueLimitBytes() {
        return outboundQueueLimitBytes;
    }

    /** How long the session waits for the peer's close frame, and then for TCP to drop, ms. */
    long closeTimeoutMs() {
        return closeTimeoutMs;
    }

    long maxIdleTimeoutMs() {
        return maxIdleTimeoutMs;
    }

    void maxIdleTimeoutMs(long ms) {
        maxIdleTimeoutMs = ms;
    }

    int maxTextMessageBufferSize() {
        return maxTextMessageBufferSize;
    }

    void maxTextMessageBufferSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("max text message buffer size must be positive: " + size);
        }
        maxTextMessageBufferSize = size;
    }

    int maxBinaryMessageBufferSize() {
        return maxBinaryMessageBufferSize;
    }

    void maxBinaryMessageBufferSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("max binary message buffer size must be positive: " + size);
        }
        maxBinaryMessageBufferSize = size;
    }

    /**
     * How long a blocking send may wait, ms: the user property {@link ContainerDefaults#BLOCKING_SEND_TIMEOUT_PROPERTY}
     * (a positive Number or decimal String), else {@link ContainerDefaults#BLOCKING_SEND_TIMEOUT_MS}.
     */
    long blockingSendTimeoutMs() {
        Object property = userProperties.get(ContainerDefaults.BLOCKING_SEND_TIMEOUT_PROPERTY);
        BlockingSendTimeout resolved = blockingSendTimeout;
        if (resolved.property() != property) {
            resolved = new BlockingSendTimeout(property, parseBlockingSendTimeout(property));
            blockingSendTimeout = resolved;
        }
        return resolved.ms();
    }

    private static long parseBlockingSendTimeout(Object configured) {
        long ms = ContainerDefaults.positive(configured);
        return ms > 0 ? ms : ContainerDefaults.BLOCKING_SEND_TIMEOUT_MS;
    }
}
