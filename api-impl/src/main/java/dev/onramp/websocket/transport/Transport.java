package dev.onramp.websocket.transport;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * One WebSocket connection's byte stream, as the engine sees it: bytes in on demand, bytes out with
 * completion callbacks. The servlet bridge implements it over {@code ServletInputStream}/{@code
 * ServletOutputStream} listeners, the client over an NIO {@code SocketChannel}.
 *
 * <p>Rules every implementation keeps:
 * <ul>
 *   <li>Reading is demand-driven: after {@link #start} and after each {@link #demand()} the transport calls
 *       {@link TransportHandler#onData} at most once (or {@code onEndOfInput}/{@code onFailure}). The buffer
 *       handed over belongs to the handler until it calls {@code demand()} again; the transport must not
 *       refill it before that.</li>
 *   <li>At most one write is outstanding at a time; its callback runs exactly once.</li>
 *   <li>No method blocks waiting for the peer; every method may be called from any thread, including from
 *       inside a handler callback.</li>
 * </ul>
 */
public interface Transport {

    /** Installs the handler and requests the first bytes (as if {@link #demand()} had been called). */
    void start(TransportHandler handler);

    /** Asks for the next bytes; the handler's previous buffer may be reused from now on. */
    void demand();

    /**
     * Writes the buffers in order (a gathering write), then flushes if {@code flush} is true, and calls the
     * callback exactly once when everything was handed to the network or the write failed. The buffers are
     * not modified and must not be changed by the caller until the callback ran.
     */
    void write(ByteBuffer[] buffers, boolean flush, WriteCallback callback);

    /** Closes the connection now; pending writes may be lost. Idempotent. */
    void close();

    /** Whether the connection runs over TLS. */
    boolean isSecure();

    /** The local address, or null when the container does not say. */
    InetSocketAddress localAddress();

    /** The peer's address, or null when the container does not say. */
    InetSocketAddress remoteAddress();
}
