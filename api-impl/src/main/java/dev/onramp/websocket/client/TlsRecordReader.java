package dev.onramp.websocket.client;

import dev.onramp.websocket.transport.DrainLoop;
import dev.onramp.websocket.transport.Transport;
import dev.onramp.websocket.transport.TransportHandler;

import java.io.EOFException;
import java.nio.ByteBuffer;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * The reading side of a {@link TlsTransport}: reads records from the inner transport, unwraps them, and hands the
 * application data to the handler one buffer per demand. It also drives the handshake, since every step the engine
 * asks for (run a task, send a message, read a message) comes up here.
 *
 * <p>All engine work on this side runs in {@link #pump()}, a {@link DrainLoop}: one thread at a time, and an event
 * that arrives meanwhile (more records, a demand from inside {@code onData}) makes that thread go round once more,
 * so nothing recurses. State is guarded by this object's monitor; the handler is called outside it.
 */
final class TlsRecordReader {

    /** The inner transport's input as this side has dealt with it. */
    private enum Input {
        /** Records may still arrive. */
        OPEN,
        /** The inner transport ended or failed, or the peer sent close_notify; not yet reported. */
        ENDED,
        /** The end was reported (to the handshake's waiter or the handler); nothing more is. */
        REPORTED
    }

    /** Reads on the inner transport. */
    private enum InnerReads {
        /** The inner transport was not started yet. */
        NOT_STARTED,
        /** Started; no read asked for. */
        IDLE,
        /** A read was asked for and has not arrived. */
        READING
    }

    private final TlsTransport tls;
    private final Transport inner;
    private final SSLEngine engine;
    private final TlsRecordWriter writer;
    private final DrainLoop pumping = new DrainLoop(this::pumpSafely);
    private final InnerHandler innerHandler = new InnerHandler();

    // guarded by this
    /** Received records not yet unwrapped (read mode); the inner read side appends while a pump may unwrap. */
    private ByteBuffer netIn;
    private TransportHandler handler;
    private boolean demanded;
    private Input input = Input.OPEN;
    private Throwable inputFailure;
    private InnerReads innerReads = InnerReads.NOT_STARTED;

    /** Owned by the pumping thread, lent to the handler between onData and its next demand. */
    private ByteBuffer appIn;

    TlsRecordReader(TlsTransport tls, Transport inner, SSLEngine engine, TlsRecordWriter writer) {
        this.tls = tls;
        this.inner = inner;
        this.engine = engine;
        this.writer = writer;
        this.netIn = ByteBuffer.allocate(engine.getSession().getPacketBufferSize()).flip();
        this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
    }

    void start(TransportHandler newHandler) {
        synchronized (this) {
            handler = newHandler;
        }
        demand();
    }

    void demand() {
        synchronized (this) {
            demanded = true;
        }
        pump();
    }

    /** Does all the engine work possible now, on this thread or the one already doing it. */
    void pump() {
        pumping.signal();
    }

    private void pumpSafely() {
        try {
            pumpOnce();
        } catch (SSLException | RuntimeException e) {
            failInput(e);
        }
    }

    /** Does all the work possible now; returns when it needs bytes, demand, or nothing is left to do. */
    private void pumpOnce() throws SSLException {
        while (true) {
            if (tls.phase() == TlsTransport.Phase.CLOSED) {
                return;
            }
            boolean wantApp;
            boolean ended;
            synchronized (this) {
                wantApp = demanded && handler != null;
                ended = input != Input.OPEN;
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
                writer.wrapHandshake();
                continue;
            }
            if ((hs == HandshakeStatus.NOT_HANDSHAKING || hs == HandshakeStatus.FINISHED) && tls.handshakeFinished()) {
                continue;
            }
            boolean needUnwrap = hs == HandshakeStatus.NEED_UNWRAP || hs == HandshakeStatus.NEED_UNWRAP_AGAIN;
            if (!(tls.phase() == TlsTransport.Phase.HANDSHAKING && needUnwrap) && !wantApp) {
                return; // nobody wants bytes now
            }
            appIn.clear();
            SSLEngineResult result;
            synchronized (this) {
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
                    synchronized (this) {
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
                        if (input == Input.OPEN) {
                            input = Input.ENDED;
                        }
                    }
                    reportEnd();
                    return;
                }
                default -> throw new IllegalStateException("unexpected " + result.getStatus());
            }
        }
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
            if (innerReads == InnerReads.READING || tls.phase() == TlsTransport.Phase.CLOSED) {
                return;
            }
            start = innerReads == InnerReads.NOT_STARTED;
            innerReads = InnerReads.READING;
        }
        if (start) {
            inner.start(innerHandler);
        } else {
            inner.demand();
        }
    }

    /** The input ended (or failed): tell the handshake's waiter, or a handler that wants bytes, once. */
    private void reportEnd() {
        TransportHandler h;
        Throwable failure;
        boolean wasHandshaking;
        synchronized (this) {
            if (input == Input.REPORTED) {
                return;
            }
            wasHandshaking = tls.phase() == TlsTransport.Phase.HANDSHAKING;
            if (!wasHandshaking && !(demanded && handler != null)) {
                return; // tell the handler when it next asks
            }
            input = Input.REPORTED;
            demanded = false;
            h = handler;
            failure = inputFailure;
        }
        if (wasHandshaking) {
            tls.handshakeFailed(failure != null ? failure
                    : new EOFException("the server closed the connection during the TLS handshake"));
        } else if (failure != null) {
            h.onFailure(failure);
        } else {
            h.onEndOfInput();
        }
    }

    /** The record stream is broken: the handler hears of it at once, demanded or not, and the connection drops. */
    private void failInput(Throwable cause) {
        ended(cause);
        if (tls.phase() == TlsTransport.Phase.HANDSHAKING) {
            reportEnd();
        } else {
            TransportHandler h;
            synchronized (this) {
                if (input == Input.REPORTED || handler == null) {
                    return;
                }
                input = Input.REPORTED;
                h = handler;
            }
            h.onFailure(cause);
        }
        inner.close();
    }

    /** No more records will come, for this reason (null: the inner transport's end of input). */
    private synchronized void ended(Throwable cause) {
        if (input == Input.OPEN) {
            input = Input.ENDED;
        }
        if (inputFailure == null) {
            inputFailure = cause;
        }
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
            synchronized (TlsRecordReader.this) {
                innerReads = InnerReads.IDLE;
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

        @Override
        public void onEndOfInput() {
            synchronized (TlsRecordReader.this) {
                innerReads = InnerReads.IDLE;
            }
            ended(null);
            pump();
        }

        @Override
        public void onFailure(Throwable cause) {
            synchronized (TlsRecordReader.this) {
                innerReads = InnerReads.IDLE;
            }
            ended(cause);
            pump();
        }
    }
}
