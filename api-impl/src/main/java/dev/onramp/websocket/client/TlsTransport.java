package dev.onramp.websocket.client;

import dev.onramp.websocket.transport.Transport;
import dev.onramp.websocket.transport.TransportHandler;
import dev.onramp.websocket.transport.WriteCallback;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

/**
 * TLS over another transport through an {@link SSLEngine}: {@link #handshake()} first, then the same demand-driven
 * reading and one-write-at-a-time writing as any {@link Transport}, with records decrypted and encrypted in between.
 * The reading side ({@link TlsRecordReader}: unwrapping, and the handshake steps the engine asks for) and the
 * writing side ({@link TlsRecordWriter}: wrapping, and the records' order on the inner transport) are separate;
 * this class holds what both see, the connection's {@link Phase}.
 */
final class TlsTransport implements Transport {

    /** Where the connection stands; it only moves forward. */
    enum Phase {
        /** The TLS handshake runs: no application data yet. */
        HANDSHAKING,
        /** Application data flows. */
        OPEN,
        /** {@link #close} was called. */
        CLOSED
    }

    private final Transport inner;
    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.HANDSHAKING);
    private final CompletableFuture<Void> handshakeDone = new CompletableFuture<>();
    private final SSLEngine engine;
    private final TlsRecordWriter writer;
    private final TlsRecordReader reader;

    TlsTransport(Transport inner, SSLEngine engine) {
        this.inner = inner;
        this.engine = engine;
        this.writer = new TlsRecordWriter(this, inner, engine);
        this.reader = new TlsRecordReader(this, inner, engine, writer);
    }

    /** Runs the TLS handshake; completes when application data may flow, fails with the engine's SSLException. */
    CompletableFuture<Void> handshake() {
        try {
            engine.beginHandshake();
        } catch (SSLException e) {
            handshakeDone.completeExceptionally(e);
            return handshakeDone;
        }
        reader.pump();
        return handshakeDone;
    }

    Phase phase() {
        return phase.get();
    }

    /** The engine finished the handshake: application data may flow. Returns whether this call moved the phase. */
    boolean handshakeFinished() {
        if (!phase.compareAndSet(Phase.HANDSHAKING, Phase.OPEN)) {
            return false;
        }
        handshakeDone.complete(null);
        return true;
    }

    /** The handshake cannot finish (a no-op once it did). */
    void handshakeFailed(Throwable cause) {
        handshakeDone.completeExceptionally(cause);
    }

    /** The engine may want to go on with the handshake after a wrap: the reading side drives it. */
    void continueHandshake() {
        reader.pump();
    }

    @Override
    public void start(TransportHandler newHandler) {
        reader.start(newHandler);
    }

    @Override
    public void demand() {
        reader.demand();
    }

    @Override
    public void write(ByteBuffer[] buffers, boolean flush, WriteCallback callback) {
        writer.write(buffers, callback);
    }

    @Override
    public void close() {
        if (phase.getAndSet(Phase.CLOSED) == Phase.CLOSED) {
            return;
        }
        Runnable failDropped = writer.close();
        inner.close();
        handshakeDone.completeExceptionally(new ClosedChannelException());
        failDropped.run();
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
