package dev.onramp.websocket.client;

import dev.onramp.websocket.transport.Transport;
import dev.onramp.websocket.transport.TransportHandler;
import dev.onramp.websocket.transport.WriteCallback;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * TLS over another transport through an {@link SSLEngine}: {@link #handshake()} first, then the same demand-driven
 * reading and one-write-at-a-time writing as any {@link Transport}, with records decrypted and encrypted in between.
 *
 * <p>All engine work on the read side (unwrapping, handshake steps, delegated tasks) runs in {@link #pump()}, which
 * one thread at a time owns; an event that arrives while another thread pumps only asks it to go round once more,
 * so a handler that demands from inside {@code onData} never recurses. Wrapping is serialized by {@code wrapLock}
 * and its records queue for the inner transport in the order they were made, which TLS requires.
 */
final class TlsTransport implements Transport {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final Transport inner;
    private final SSLEngine engine;
    private final Object wrapLock = new Object();
    private final CompletableFuture<Void> handshakeDone = new CompletableFuture<>();
    private final InnerHandler innerHandler = new InnerHandler();

    /** Received records not yet unwrapped (read mode); the inner read side appends while a pump may unwrap. */
    private final Object netInLock = new Object();
    private ByteBuffer netIn;
    /** Owned by the pumping thread, lent to the handler between onData and its next demand. */
    private ByteBuffer appIn;

    // guarded by this
    private TransportHandler handler;
    private boolean handshaking = true;
    private boolean demanded;
    private boolean pumping;
    private boolean repump;
    private boolean innerStarted;
    private boolean innerReading;
    private boolean inputEnded;
    private Throwable inputFailure;
    private boolean endReported;
    private boolean closed;
    private final ArrayDeque<Record> outQueue = new ArrayDeque<>();
    private boolean writing;

    /** Encrypted bytes bound for the inner transport, and whom to tell (null for handshake records). */
    private record Record(ByteBuffer[] buffers, WriteCallback callback) {
    }

    TlsTransport(Transport inner, SSLEngine engine) {
        this.inner = inner;
        this.engine = engine;
        this.netIn = ByteBuffer.allocate(engine.getSession().getPacketBufferSize()).flip();
        this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
    }

    /** Runs the TLS handshake; completes when application data may flow, fails with the engine's SSLException. */
    CompletableFuture<Void> handshake() {
        try {
            engine.beginHandshake();
        } catch (SSLException e) {
            handshakeDone.completeExceptionally(e);
            return handshakeDone;
        }
        pump();
        return handshakeDone;
    }

    @Override
    public void start(TransportHandler newHandler) {
        synchronized (this) {
            handler = newHandler;
        }
        demand();
    }

    @Override
    public void demand() {
        synchronized (this) {
            demanded = true;
        }
        pump();
    }

    // ------------------------------------------------------------------ reading side

    private void pump() {
        synchronized (this) {
            if (pumping) {
                repump = true;
                return;
            }
            pumping = true;
        }
        while (true) {
            try {
                pumpOnce();
            } catch (SSLException | RuntimeException e) {
                failInput(e);
            }
            synchronized (this) {
                if (!repump) {
                    pumping = false;
                    return;
                }
                repump = false;
            }
        }
    }

    /** Does all the work possible now; returns when it needs bytes, demand, or nothing is left to do. */
    private void pumpOnce() throws SSLException {
        while (true) {
            boolean wantApp;
            boolean ended;
            synchronized (this) {
                if (closed) {
                    return;
                }
                wantApp = demanded && handler != null;
                ended = inputEnded;
            }
            HandshakeStatus hs = engine.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_TASK) {
                Runnable task;
                while ((task = engine.getDelegatedTask()) != null) {
                    task.run();
                }
                continue;
            }
            if (hs == HandshakeStatus.NEED_WRAP) {
                wrapHandshake();
                continue;
            }
            if (checkHandshakeFinished(hs)) {
                continue;
            }
            boolean needUnwrap = hs == HandshakeStatus.NEED_UNWRAP || hs == HandshakeStatus.NEED_UNWRAP_AGAIN;
            boolean handshakingNow;
            synchronized (this) {
                handshakingNow = handshaking;
            }
            if (!(handshakingNow && needUnwrap) && !wantApp) {
                return; // nobody wants bytes now
            }
            appIn.clear();
            SSLEngineResult result;
            synchronized (netInLock) {
                result = engine.unwrap(netIn, appIn);
            }
            switch (result.getStatus()) {
                case OK -> {
                    if (appIn.position() > 0) {
                        if (!wantApp) {
                            throw new SSLException("application data arrived before the TLS handshake finished");
                        }
                        deliver();
                    }
                }
                case BUFFER_UNDERFLOW -> {
                    if (ended) {
                        reportEnd();
                        return;
                    }
                    synchronized (netInLock) {
                        if (netIn.capacity() < engine.getSession().getPacketBufferSize()) {
                            netIn = grow(netIn, engine.getSession().getPacketBufferSize());
                        }
                    }
                    readMore();
                    return;
                }
                case BUFFER_OVERFLOW -> appIn = ByteBuffer.allocate(Math.max(appIn.capacity() * 2,
                        engine.getSession().getApplicationBufferSize()));
                case CLOSED -> {
                    // the peer's close_notify: no more application data will come
                    synchronized (this) {
                        inputEnded = true;
                    }
                    reportEnd();
                    return;
                }
                default -> throw new IllegalStateException("unexpected " + result.getStatus());
            }
        }
    }

    private boolean checkHandshakeFinished(HandshakeStatus hs) {
        if (hs != HandshakeStatus.NOT_HANDSHAKING && hs != HandshakeStatus.FINISHED) {
            return false;
        }
        synchronized (this) {
            if (!handshaking) {
                return false;
            }
            handshaking = false;
        }
        handshakeDone.complete(null);
        return true;
    }

    private void deliver() {
        TransportHandler h;
        synchronized (this) {
            demanded = false;
            h = handler;
        }
        appIn.flip();
        h.onData(appIn);
    }

    private void readMore() {
        boolean start;
        synchronized (this) {
            if (innerReading || closed) {
                return;
            }
            innerReading = true;
            start = !innerStarted;
            innerStarted = true;
        }
        if (start) {
            inner.start(innerHandler);
        } else {
            inner.demand();
        }
    }

    /** The inner transport ended (or failed): tell the handshake's waiter or a handler that wants bytes, once. */
    private void reportEnd() {
        TransportHandler h;
        Throwable failure;
        boolean wasHandshaking;
        synchronized (this) {
            if (endReported) {
                return;
            }
            wasHandshaking = handshaking;
            if (!wasHandshaking && !(demanded && handler != null)) {
                return; // tell the handler when it next asks
            }
            endReported = true;
            demanded = false;
            h = handler;
            failure = inputFailure;
        }
        if (wasHandshaking) {
            handshakeDone.completeExceptionally(failure != null ? failure
                    : new EOFException("the server closed the connection during the TLS handshake"));
        } else if (failure != null) {
            h.onFailure(failure);
        } else {
            h.onEndOfInput();
        }
    }

    private void failInput(Throwable cause) {
        synchronized (this) {
            inputEnded = true;
            if (inputFailure == null) {
                inputFailure = cause;
            }
        }
        boolean wasHandshaking;
        synchronized (this) {
            wasHandshaking = handshaking;
        }
        if (wasHandshaking) {
            reportEnd();
        } else {
            // a broken record stream is a failure the handler hears about at once, demanded or not
            TransportHandler h;
            synchronized (this) {
                if (endReported || handler == null) {
                    return;
                }
                endReported = true;
                h = handler;
            }
            h.onFailure(cause);
        }
        inner.close();
    }

    private static ByteBuffer grow(ByteBuffer readMode, int capacity) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(capacity, readMode.remaining()));
        bigger.put(readMode).flip();
        return bigger;
    }

    /** Receives the encrypted bytes. */
    private final class InnerHandler implements TransportHandler {
        @Override
        public void onData(ByteBuffer data) {
            synchronized (TlsTransport.this) {
                innerReading = false;
            }
            appendNetIn(data);
        }

        @Override
        public void onEndOfInput() {
            synchronized (TlsTransport.this) {
                innerReading = false;
                inputEnded = true;
            }
            pump();
        }

        @Override
        public void onFailure(Throwable cause) {
            synchronized (TlsTransport.this) {
                innerReading = false;
                inputEnded = true;
                if (inputFailure == null) {
                    inputFailure = cause;
                }
            }
            pump();
        }
    }

    private void appendNetIn(ByteBuffer data) {
        synchronized (netInLock) {
            if (netIn.capacity() - netIn.remaining() < data.remaining()) {
                netIn = grow(netIn, netIn.remaining() + data.remaining());
            } else {
                netIn.compact().flip();
            }
            int end = netIn.limit();
            netIn.limit(end + data.remaining());
            netIn.position(end);
            netIn.put(data);
            netIn.position(0);
        }
        pump();
    }

    // ------------------------------------------------------------------ writing side

    @Override
    public void write(ByteBuffer[] buffers, boolean flush, WriteCallback callback) {
        ByteBuffer[] source = new ByteBuffer[buffers.length];
        for (int i = 0; i < buffers.length; i++) {
            source[i] = buffers[i].duplicate();
        }
        try {
            synchronized (wrapLock) {
                synchronized (this) {
                    if (closed) {
                        throw new ClosedChannelException();
                    }
                }
                List<ByteBuffer> records = new ArrayList<>();
                do {
                    records.add(wrap(source));
                } while (hasRemaining(source));
                enqueue(new Record(records.toArray(new ByteBuffer[0]), callback));
            }
        } catch (IOException e) {
            callback.failed(e);
            return;
        }
        flushRecords();
        // wrapping may have left the engine wanting a task or more handshake data
        if (engine.getHandshakeStatus() != HandshakeStatus.NOT_HANDSHAKING) {
            pump();
        }
    }

    private void wrapHandshake() throws SSLException {
        synchronized (wrapLock) {
            ByteBuffer record = wrap(new ByteBuffer[] {EMPTY});
            if (record.hasRemaining()) {
                enqueue(new Record(new ByteBuffer[] {record}, null));
            }
        }
        flushRecords();
    }

    /** One wrap call's output (holds wrapLock). */
    private ByteBuffer wrap(ByteBuffer[] source) throws SSLException {
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        while (true) {
            SSLEngineResult result = engine.wrap(source, out);
            switch (result.getStatus()) {
                case OK -> {
                    return out.flip();
                }
                case BUFFER_OVERFLOW -> out = ByteBuffer.allocate(out.capacity() * 2);
                case CLOSED -> throw new SSLException("the TLS connection is closed");
                default -> throw new SSLException("unexpected wrap result " + result.getStatus());
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

    private synchronized void enqueue(Record record) {
        outQueue.add(record);
    }

    private void flushRecords() {
        Record next;
        synchronized (this) {
            if (writing || outQueue.isEmpty()) {
                return;
            }
            writing = true;
            next = outQueue.poll();
        }
        inner.write(next.buffers(), true, new WriteCallback() {
            @Override
            public void completed() {
                synchronized (TlsTransport.this) {
                    writing = false;
                }
                if (next.callback() != null) {
                    next.callback().completed();
                }
                flushRecords();
            }

            @Override
            public void failed(Throwable cause) {
                List<Record> dropped;
                synchronized (TlsTransport.this) {
                    writing = false;
                    dropped = new ArrayList<>(outQueue);
                    outQueue.clear();
                }
                if (next.callback() != null) {
                    next.callback().failed(cause);
                }
                for (Record r : dropped) {
                    if (r.callback() != null) {
                        r.callback().failed(cause);
                    }
                }
                if (!handshakeDone.isDone()) {
                    handshakeDone.completeExceptionally(cause);
                }
            }
        });
    }

    @Override
    public void close() {
        List<Record> dropped;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            dropped = new ArrayList<>(outQueue);
            outQueue.clear();
        }
        inner.close();
        handshakeDone.completeExceptionally(new ClosedChannelException());
        for (Record r : dropped) {
            if (r.callback() != null) {
                r.callback().failed(new ClosedChannelException());
            }
        }
    }

    @Override
    public boolean isSecure() {
        return true;
    }

    @Override
    public InetSocketAddress localAddress() {
        return inner.localAddress();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return inner.remoteAddress();
    }
}
