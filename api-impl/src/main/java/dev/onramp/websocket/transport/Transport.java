package dev.onramp.websocket.transport;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * One WebSocket connection's byte stream, as the engine sees it: bytes in on demand, bytes out with completion
 * callbacks. The servlet bridge implements it over {@code ServletInputStream}/{@code ServletOutputStream}
 * listeners, the client over an NIO {@code SocketChannel} (and TLS over that); a container-native transport
 * implements it over the container's own connection.
 *
 * <p>The contract every implementation keeps (the engine relies on each rule):
 * <ol>
 *   <li><b>Demand.</b> After {@link #start} and after each {@link #demand()} the transport makes at most one call
 *       to its {@link TransportHandler}: {@code onData}, {@code onEndOfInput} or {@code onFailure}. Nothing is
 *       delivered without demand; a demand made while one is outstanding changes nothing. The buffer handed to
 *       {@code onData} belongs to the handler until it calls {@code demand()} again; the transport must not refill
 *       it before. {@code onEndOfInput} and {@code onFailure} end the input: no call follows them.</li>
 *   <li><b>No nesting, no overlap.</b> Handler calls of one connection never run at the same time and never nest:
 *       a {@code demand()} made inside {@code onData} returns before the next {@code onData} starts (the transport
 *       delivers it after the running call returned, on that thread or another). A handler call may run on the
 *       thread that called {@code demand()} when no other handler call is on that thread's stack.</li>
 *   <li><b>One write at a time.</b> At most one {@link #write} is outstanding. Its callback runs exactly once,
 *       either before {@code write} returns (the bytes were taken at once) or later on another thread. A second
 *       write while one is outstanding is the caller's bug: it fails that second write's callback with an
 *       {@link IllegalStateException}; it never throws and never queues. A write after {@link #close} fails its
 *       callback with an {@link java.io.IOException}.</li>
 *   <li><b>Close.</b> {@link #close} is idempotent, may be called from any thread (also inside a callback), and
 *       fails an outstanding write's callback. After it the transport makes no new handler call.</li>
 *   <li><b>Threads.</b> Every method may be called from any thread, including from inside a handler or write
 *       callback, and none blocks waiting for the peer.</li>
 *   <li><b>Application code on the read thread (optional).</b> A transport whose
 *       {@link #readThreadsForApplicationCode()} is positive lets the engine run application code inside
 *       {@code onData}, code that may wait there for this transport's writes (a blocking send from a message
 *       handler). Then a write's callback never needs the thread inside {@code onData}, nor that call to return:
 *       it runs on a thread of the transport's own (a selector) or, at most, on another thread of the pool that
 *       delivers {@code onData}, of which the number says how many may be held by such code at once, so that the
 *       rest of the pool stays free for those callbacks and for other connections' reads.</li>
 * </ol>
 *
 * <p>Each transport's own test checks these rules against the real thing ({@code NioTransportTest},
 * {@code TlsTransportTest}, servlet-bridge's {@code ServletTransportTest}); the engine's tests run over an in-memory
 * transport that keeps them too.
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

    /**
     * How many of the threads that deliver {@code onData} (this transport's and those of every transport sharing
     * their pool) may run application code at once, code that may wait for this transport's writes; see rule 6 of
     * the contract. 0, the default, for none: the engine then runs application code on its own callback threads only.
     * {@link Integer#MAX_VALUE} when the transport keeps the promise and knows no bound of its own (the container's
     * ceiling, {@code ContainerDefaults.MAX_INLINE_CALLBACK_THREADS}, applies alone).
     */
    default int readThreadsForApplicationCode() {
        return 0;
    }

    /** Whether the connection runs over TLS. */
    boolean isSecure();

    /** The local address, or null when the container does not say. */
    InetSocketAddress localAddress();

    /** The peer's address, or null when the container does not say. */
    InetSocketAddress remoteAddress();
}
