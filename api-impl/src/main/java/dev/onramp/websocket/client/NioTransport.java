package dev.onramp.websocket.client;

import dev.onramp.websocket.transport.Transport;
import dev.onramp.websocket.transport.TransportHandler;
import dev.onramp.websocket.transport.WriteCallback;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * A {@link Transport} over a non-blocking {@link SocketChannel} served by a shared {@link ClientSelector}.
 *
 * <p>Reads happen on the selector thread, one per demand, into a buffer this transport owns and lends to the
 * handler until its next demand. A write is first tried at once on the caller's thread (a gathering write);
 * only when the socket is full does the rest wait for {@code OP_WRITE} and complete on the selector thread.
 *
 * <p>Unlike the servlet bridge's transport, {@link #start} may be called again to hand the byte stream to a new
 * handler once the previous one has stopped demanding: the client speaks HTTP (proxy, upgrade) on the same
 * connection before the WebSocket session takes it over.
 */
final class NioTransport implements Transport, ClientSelector.Ready {

    private static final int READ_BUFFER_SIZE = 32 * 1024;

    private final SocketChannel channel;
    private final ClientSelector selector;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_SIZE);
    private volatile TransportHandler handler;

    // selector thread only
    private boolean readWanted;
    private SelectionKey key;

    // guarded by this
    private ByteBuffer[] pendingWrite;
    private WriteCallback pendingCallback;
    private boolean closed;

    NioTransport(SocketChannel channel, ClientSelector selector) {
        this.channel = channel;
        this.selector = selector;
    }

    @Override
    public void start(TransportHandler newHandler) {
        this.handler = newHandler;
        demand();
    }

    @Override
    public void demand() {
        selector.execute(() -> {
            readWanted = true;
            updateInterest();
        });
    }

    @Override
    public void write(ByteBuffer[] buffers, boolean flush, WriteCallback callback) {
        ByteBuffer[] own = new ByteBuffer[buffers.length];
        for (int i = 0; i < buffers.length; i++) {
            own[i] = buffers[i].duplicate();
        }
        boolean busy;
        synchronized (this) {
            busy = pendingWrite != null;
        }
        if (busy) {
            callback.failed(new IllegalStateException("a write is already outstanding"));
            return;
        }
        boolean done;
        try {
            done = writeSome(own);
        } catch (IOException e) {
            callback.failed(e);
            return;
        }
        if (done) {
            callback.completed();
            return;
        }
        synchronized (this) {
            if (closed) {
                done = true;
            } else {
                pendingWrite = own;
                pendingCallback = callback;
            }
        }
        if (done) {
            callback.failed(new ClosedChannelException());
            return;
        }
        selector.execute(this::updateInterest);
    }

    /** Writes what the socket takes now; true when nothing is left. */
    private boolean writeSome(ByteBuffer[] buffers) throws IOException {
        while (true) {
            long written = channel.write(buffers);
            if (!hasRemaining(buffers)) {
                return true;
            }
            if (written == 0) {
                return false;
            }
        }
    }

    private static boolean hasRemaining(ByteBuffer[] buffers) {
        for (ByteBuffer b : buffers) {
            if (b.hasRemaining()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void onReady(SelectionKey readyKey) {
        int ready = readyKey.readyOps();
        if ((ready & SelectionKey.OP_WRITE) != 0) {
            continueWrite();
        }
        if ((ready & SelectionKey.OP_READ) != 0 && readWanted) {
            read();
        }
    }

    private void continueWrite() {
        ByteBuffer[] buffers;
        synchronized (this) {
            buffers = pendingWrite;
        }
        if (buffers == null) {
            updateInterest();
            return;
        }
        IOException failure = null;
        boolean done;
        try {
            done = writeSome(buffers);
        } catch (IOException e) {
            failure = e;
            done = true;
        }
        if (!done) {
            return;
        }
        WriteCallback callback = takePendingCallback();
        updateInterest();
        if (callback == null) {
            return;
        }
        if (failure == null) {
            callback.completed();
        } else {
            callback.failed(failure);
        }
    }

    private synchronized WriteCallback takePendingCallback() {
        WriteCallback callback = pendingCallback;
        pendingCallback = null;
        pendingWrite = null;
        return callback;
    }

    private void read() {
        readWanted = false;
        updateInterest();
        TransportHandler h = handler;
        int n;
        try {
            readBuffer.clear();
            n = channel.read(readBuffer);
        } catch (IOException e) {
            if (!isClosed()) {
                h.onFailure(e);
            }
            return;
        }
        if (n > 0) {
            readBuffer.flip();
            h.onData(readBuffer);
        } else if (n < 0) {
            h.onEndOfInput();
        } else {
            readWanted = true;
            updateInterest();
        }
    }

    /** Selector thread only: asks the selector for exactly what is wanted now. */
    private void updateInterest() {
        int ops = readWanted ? SelectionKey.OP_READ : 0;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (pendingWrite != null) {
                ops |= SelectionKey.OP_WRITE;
            }
        }
        try {
            if (key == null) {
                if (ops == 0) {
                    return;
                }
                key = selector.register(channel, ops, this);
            } else if (key.isValid()) {
                key.interestOps(ops);
            }
        } catch (ClosedChannelException | java.nio.channels.CancelledKeyException e) {
            // closed under us: close() reports to whoever waits
        }
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        WriteCallback callback;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            callback = pendingCallback;
            pendingCallback = null;
            pendingWrite = null;
        }
        ClientSelector.closeQuietly(channel);
        // the selector must run once more to release the closed channel's key
        selector.executeLater(() -> { });
        if (callback != null) {
            callback.failed(new ClosedChannelException());
        }
    }

    @Override
    public boolean isSecure() {
        return false;
    }

    @Override
    public InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public InetSocketAddress remoteAddress() {
        try {
            return (InetSocketAddress) channel.getRemoteAddress();
        } catch (IOException e) {
            return null;
        }
    }
}
