package dev.onramp.websocket.client;

import dev.onramp.websocket.transport.DrainLoop;
import dev.onramp.websocket.transport.Transport;
import dev.onramp.websocket.transport.WriteCallback;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * The writing side of a {@link TlsTransport}: wraps application data and the handshake's own messages into TLS
 * records and hands them to the inner transport one write at a time, in the order they were wrapped (TLS requires
 * it). Wrapping and queueing happen under this object's monitor; the inner transport and every callback are called
 * outside it.
 */
final class TlsRecordWriter {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    /** Encrypted bytes bound for the inner transport, and whom to tell (null for handshake records). */
    private record Record(ByteBuffer[] buffers, WriteCallback callback) {
    }

    private final TlsTransport tls;
    private final Transport inner;
    private final SSLEngine engine;
    private final DrainLoop flushing = new DrainLoop(this::flushRecords);

    // guarded by this
    private final ArrayDeque<Record> records = new ArrayDeque<>();
    /** A record is being written by the inner transport. */
    private boolean writing;
    /** The application's write is not complete yet (the Transport contract allows one). */
    private boolean applicationWrite;

    TlsRecordWriter(TlsTransport tls, Transport inner, SSLEngine engine) {
        this.tls = tls;
        this.inner = inner;
        this.engine = engine;
    }

    /** The application's write: its callback runs once all its records went to the inner transport. */
    void write(ByteBuffer[] buffers, WriteCallback callback) {
        ByteBuffer[] source = new ByteBuffer[buffers.length];
        for (int i = 0; i < buffers.length; i++) {
            source[i] = buffers[i].duplicate();
        }
        try {
            synchronized (this) {
                if (applicationWrite) {
                    throw new IllegalStateException("a write is already outstanding");
                }
                if (tls.phase() == TlsTransport.Phase.CLOSED) {
                    throw new ClosedChannelException();
                }
                List<ByteBuffer> wrapped = new ArrayList<>();
                do {
                    wrapped.add(wrap(source));
                } while (hasRemaining(source));
                records.add(new Record(wrapped.toArray(new ByteBuffer[0]), callback));
                applicationWrite = true;
            }
        } catch (IOException | IllegalStateException e) {
            callback.failed(e);
            return;
        }
        flushing.signal();
        // wrapping may have left the engine wanting a task or more handshake data
        if (engine.getHandshakeStatus() != HandshakeStatus.NOT_HANDSHAKING) {
            tls.continueHandshake();
        }
    }

    /** A handshake message the engine asked to send (NEED_WRAP). */
    void wrapHandshake() throws SSLException {
        synchronized (this) {
            ByteBuffer record = wrap(new ByteBuffer[] {EMPTY});
            if (record.hasRemaining()) {
                records.add(new Record(new ByteBuffer[] {record}, null));
            }
        }
        flushing.signal();
    }

    /**
     * The connection closes: queued records are dropped. Returns what tells their writers, for the caller to run
     * once the inner transport is closed.
     */
    Runnable close() {
        List<Record> dropped = takeAll();
        return () -> failAll(dropped, new ClosedChannelException());
    }

    /** One wrap call's output (holds the monitor). */
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

    /** Writes the next record unless one is being written (the flushing loop's work). */
    private void flushRecords() {
        while (true) {
            Record next;
            synchronized (this) {
                if (writing || records.isEmpty()) {
                    return;
                }
                writing = true;
                next = records.poll();
            }
            inner.write(next.buffers(), true, new RecordWritten(next));
        }
    }

    private synchronized List<Record> takeAll() {
        List<Record> dropped = new ArrayList<>(records);
        records.clear();
        if (!dropped.isEmpty()) {
            applicationWrite = false;
        }
        return dropped;
    }

    private static void failAll(List<Record> dropped, Throwable cause) {
        for (Record r : dropped) {
            if (r.callback() != null) {
                r.callback().failed(cause);
            }
        }
    }

    /** The inner transport's answer for one record. */
    private final class RecordWritten implements WriteCallback {
        private final Record record;

        RecordWritten(Record record) {
            this.record = record;
        }

        @Override
        public void completed() {
            synchronized (TlsRecordWriter.this) {
                writing = false;
                if (record.callback() != null) {
                    applicationWrite = false;
                }
            }
            if (record.callback() != null) {
                record.callback().completed();
            }
            flushing.signal();
        }

        @Override
        public void failed(Throwable cause) {
            List<Record> dropped;
            synchronized (TlsRecordWriter.this) {
                writing = false;
                if (record.callback() != null) {
                    applicationWrite = false;
                }
                dropped = takeAll();
            }
            if (record.callback() != null) {
                record.callback().failed(cause);
            }
            failAll(dropped, cause);
            tls.handshakeFailed(cause);
        }
    }
}
