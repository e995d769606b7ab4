package dev.onramp.websocket.client;

import dev.onramp.websocket.transport.Transport;
import dev.onramp.websocket.transport.TransportHandler;
import dev.onramp.websocket.transport.WriteCallback;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * A transport whose first read returns bytes that were already received: a server may send its first frames in
 * the same packet as its 101 answer, and those must reach the session before anything read later.
 */
final class PrefetchedTransport implements Transport {

    private final Transport delegate;
    private final ClientSelector selector;
    private ByteBuffer prefetched;
    private TransportHandler handler;
    private boolean delegateStarted;

    PrefetchedTransport(Transport delegate, ByteBuffer prefetched, ClientSelector selector) {
        this.delegate = delegate;
        this.prefetched = prefetched.hasRemaining() ? prefetched : null;
        this.selector = selector;
    }

    @Override
    public void start(TransportHandler newHandler) {
        synchronized (this) {
            this.handler = newHandler;
        }
        demand();
    }

    @Override
    public void demand() {
        ByteBuffer first;
        TransportHandler h;
        boolean startDelegate = false;
        synchronized (this) {
            first = prefetched;
            prefetched = null;
            h = handler;
            if (first == null && !delegateStarted) {
                delegateStarted = true;
                startDelegate = true;
            }
        }
        if (first != null) {
            // on the selector thread, like every other read of this connection
            selector.executeLater(() -> h.onData(first));
        } else if (startDelegate) {
            delegate.start(h);
        } else {
            delegate.demand();
        }
    }

    @Override
    public void write(ByteBuffer[] buffers, boolean flush, WriteCallback callback) {
        delegate.write(buffers, flush, callback);
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public boolean isSecure() {
        return delegate.isSecure();
    }

    @Override
    public InetSocketAddress localAddress() {
        return delegate.localAddress();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return delegate.remoteAddress();
    }
}
