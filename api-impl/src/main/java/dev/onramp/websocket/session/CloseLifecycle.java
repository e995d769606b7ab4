package dev.onramp.websocket.session;

import dev.onramp.websocket.protocol.CloseCodes;
import dev.onramp.websocket.protocol.CloseHandshake;
import dev.onramp.websocket.protocol.ExtensionCodec;
import dev.onramp.websocket.protocol.FrameWriter;
import dev.onramp.websocket.protocol.Opcode;
import dev.onramp.websocket.protocol.ProtocolException;
import dev.onramp.websocket.protocol.Role;
import dev.onramp.websocket.transport.Transport;
import jakarta.websocket.CloseReason;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * How one connection ends, on every path: a close frame from the peer, an application close, an idle timeout, a
 * broken rule (protocol error, failed {@code onOpen}), the peer's FIN, a failed or timed-out write. It runs the
 * {@link CloseHandshake} (answer a close with a close, then the server drops TCP; a peer that never answers is
 * dropped after the close timeout), closes the transport once, and reports the end to its {@link Listener} exactly
 * once, with the reason {@code onClose} must see.
 *
 * <p>State is guarded by this object's monitor; the transport, the queue and the listener are always called
 * outside it.
 */
final class CloseLifecycle {

    /** Who hears how the connection ended. */
    interface Listener {
        /** The transport was closed: nothing more comes in or goes out. Called once. */
        void transportClosed();

        /** The session is over: {@code onError} (when {@code error} is not null), then {@code onClose}. Called once. */
        void closed(Throwable error, CloseReason reason);

        /** Runs {@code task} after the application callbacks queued so far (the messages already received). */
        void afterDelivered(Runnable task);
    }

    private final Role role;
    private final Transport transport;
    private final OutboundQueue queue;
    private final FrameWriter writer;
    /** The negotiated extensions' codecs: native memory released with the transport. */
    private final List<ExtensionCodec> codecs;
    private final ScheduledExecutorService timers;
    private final long closeTimeoutMs;
    private final IdleTimer idle;
    private final Listener listener;

    // guarded by this
    private final CloseHandshake handshake;
    private boolean closeFrameWritten;
    private boolean closeFired;
    /** What onClose reports when this side started the close: set with our close frame. */
    private CloseReason localCloseReason;
    private boolean transportClosed;
    private ScheduledFuture<?> closeTimer;

    // mirrors of the handshake's answers for the send and receive paths, read without locking
    private volatile boolean outputOpen = true;
    private volatile boolean discardInbound;

    CloseLifecycle(Role role, Transport transport, OutboundQueue queue, FrameWriter writer, List<ExtensionCodec> codecs,
            ScheduledExecutorService timers, long closeTimeoutMs, IdleTimer idle, Listener listener) {
        this.role = role;
        this.transport = transport;
        this.queue = queue;
        this.writer = writer;
        this.codecs = codecs;
        this.timers = timers;
        this.closeTimeoutMs = closeTimeoutMs;
        this.idle = idle;
        this.listener = listener;
        this.handshake = new CloseHandshake(role);
    }

    /** Whether the application may still send data (no close frame went out). */
    boolean outputOpen() {
        return outputOpen;
    }

    /** Whether incoming data frames still reach the application (false once the connection is failing). */
    boolean deliversData() {
        return !discardInbound;
    }

    /** Whether reading must stop for good: the transport is closed, or a server's close handshake is complete. */
    synchronized boolean readingEnded() {
        return transportClosed || handshake.isComplete() && role == Role.SERVER;
    }

    // ------------------------------------------------------------------ what starts a close

    /** The peer's close frame. */
    void closeReceived(int code, String reason) {
        ByteBuffer reply = null;
        boolean drop;
        CloseReason reported;
        synchronized (this) {
            if (!handshake.onCloseReceived(code, reason)) {
                if (!handshake.isClean()) {
                    return; // a duplicate, or a close after we failed the connection
                }
            } else {
                // we owe the peer a reply: it echoes the peer's code (none when the peer sent none)
                reply = handshake.sendClose(code, reason);
            }
            closeStateChanged();
            // a close timer already running (ours went out first) keeps counting from when we decided to close
            drop = reply == null && closeFrameWritten && handshake.shouldDropConnection();
            reported = localCloseReason; // we started the close: the peer's answer may beat our own report
        }
        if (reply != null) {
            sendCloseFrame(reply);
        } else if (drop) {
            closeTransport();
        } else if (role == Role.CLIENT) {
            scheduleCloseTimeout();
        }
        fireClose(null, reported != null ? reported : closeReason(code, reason));
    }

    /** The application (or the container) closes the session. */
    void close(CloseReason reason) {
        int code = reason.getCloseCode().getCode();
        if (!CloseCodes.isValidOnWire(code)) {
            code = CloseCodes.NO_STATUS_CODE; // 1005/1006/1015 are never put on the wire: close without a code
        }
        if (startClose(code, truncate(reason.getReasonPhrase()), reason)) {
            fireClose(null, reason);
        }
    }

    /** Idle timeout: the peer is told 1001, the application sees 1006 as the specification requires. */
    void closeIdle(long idleMs) {
        String why = "idle for more than " + idleMs + " ms";
        CloseReason reported = closeReason(CloseCodes.CLOSED_ABNORMALLY, why);
        if (startClose(CloseCodes.GOING_AWAY, why, reported)) {
            fireClose(null, reported);
        }
    }

    /** The parser found a broken rule: close with its code, unless the connection is ending anyway. */
    void protocolError(ProtocolException e) {
        synchronized (this) {
            if (handshake.state() != CloseHandshake.State.OPEN && handshake.state() != CloseHandshake.State.CLOSE_SENT) {
                return; // garbage after the peer's close frame: the connection is ending anyway
            }
        }
        fail(e.closeCode(), e.getMessage(), new IOException(e.getMessage(), e));
    }

    /** A rule of the protocol or of the endpoint was broken: close with the code, then drop the connection. */
    void fail(int code, String why, Throwable error) {
        ByteBuffer payload;
        synchronized (this) {
            payload = handshake.fail(code);
            closeStateChanged();
        }
        if (payload != null) {
            sendCloseFrame(payload);
        } else {
            closeTransport();
        }
        fireClose(error, closeReason(code, truncate(why)));
    }

    /**
     * The peer closed its side of TCP. A peer that half-closes may still read: what it sent before its FIN is
     * delivered and the answers the application queued for it are written before TCP is dropped, within the close
     * timeout. After a close frame (either way) there is nothing left to answer.
     */
    void endOfInput() {
        boolean open;
        synchronized (this) {
            open = handshake.state() == CloseHandshake.State.OPEN && !transportClosed;
        }
        if (!open) {
            lostWithoutClose();
            return;
        }
        scheduleCloseTimeout();
        listener.afterDelivered(() -> queue.enqueue(new OutboundQueue.Frame(new ByteBuffer[0], false, 0,
                new OutboundQueue.Completion() {
                    // a flush marker behind the answers: written (or failed) once they are
                    @Override
                    public void succeeded() {
                        lostWithoutClose();
                    }

                    @Override
                    public void failed(Throwable cause) {
                        lostWithoutClose();
                    }
                }), 0));
    }

    private void lostWithoutClose() {
        drop(handshake::onConnectionLost, "the connection was closed without a close frame");
    }

    /**
     * The connection is unusable: the transport failed, a write failed or timed out, or a blocking send gave up
     * (part of a frame may be on the wire). The application sees the error and 1006.
     */
    void abort(Throwable cause) {
        synchronized (this) {
            handshake.onConnectionLost();
            closeStateChanged();
        }
        closeTransport();
        fireClose(cause, closeReason(CloseCodes.CLOSED_ABNORMALLY, "connection failed: " + cause));
    }

    // ------------------------------------------------------------------ the steps

    /**
     * Sends our close frame unless one was sent; returns whether this call sent it.
     *
     * @param reported what onClose reports, whichever thread gets there first (this one, or the peer's answer)
     */
    private boolean startClose(int code, String reason, CloseReason reported) {
        ByteBuffer payload;
        synchronized (this) {
            payload = handshake.sendClose(code, reason);
            if (payload != null) {
                localCloseReason = reported;
            }
            closeStateChanged();
        }
        if (payload == null) {
            return false;
        }
        sendCloseFrame(payload);
        return true;
    }

    /** Mirrors the handshake's answers into the flags the send and receive paths read without locking. */
    private void closeStateChanged() {
        outputOpen = handshake.canSendData();
        discardInbound = !handshake.shouldDeliverData();
    }

    /**
     * Our close frame: the one frame that goes out after output has closed for the application. The close timer
     * starts now, not once the frame is written: a peer that reads nothing keeps the frame (and pongs, which have no
     * write timeout) queued forever, and the connection must still end within the close timeout of this decision.
     */
    private void sendCloseFrame(ByteBuffer payload) {
        scheduleCloseTimeout();
        ByteBuffer[] frame = writer.frame(Opcode.CLOSE, true, 0, payload);
        queue.enqueue(OutboundQueue.Frame.close(frame, new OutboundQueue.Completion() {
            @Override
            public void succeeded() {
                closeFrameWritten();
            }

            @Override
            public void failed(Throwable cause) {
                closeTransport();
            }
        }), 0);
    }

    private void closeFrameWritten() {
        boolean drop;
        synchronized (this) {
            closeFrameWritten = true;
            // the server drops TCP once both close frames crossed (RFC 6455 §7.1.1), anyone after a failure
            drop = handshake.shouldDropConnection();
        }
        if (drop) {
            closeTransport();
        } else {
            scheduleCloseTimeout();
        }
    }

    private void scheduleCloseTimeout() {
        synchronized (this) {
            if (transportClosed || closeTimer != null && !closeTimer.isDone()) {
                return;
            }
            closeTimer = timers.schedule(this::closeTimedOut, closeTimeoutMs, TimeUnit.MILLISECONDS);
        }
    }

    private void closeTimedOut() {
        dropNow("the peer did not complete the close handshake");
    }

    /** Drops TCP without waiting any longer (the close timeout, or the container closing); 1006 if still open. */
    void dropNow(String why) {
        drop(handshake::onCloseTimeout, why);
    }

    /**
     * Ends the connection without waiting any longer: tells the handshake ({@code step} answers whether that ended
     * it abnormally), drops TCP, and reports 1006 with {@code why} when the handshake was not complete.
     */
    private void drop(BooleanSupplier step, String why) {
        boolean abnormal;
        synchronized (this) {
            abnormal = step.getAsBoolean();
            closeStateChanged();
        }
        closeTransport();
        if (abnormal) {
            fireClose(null, closeReason(CloseCodes.CLOSED_ABNORMALLY, why));
        }
    }

    private void closeTransport() {
        synchronized (this) {
            if (transportClosed) {
                return;
            }
            transportClosed = true;
            if (closeTimer != null) {
                closeTimer.cancel(false);
            }
        }
        try {
            transport.close();
            queue.fail(new IOException("the connection is closed"));
            codecs.forEach(ExtensionCodec::release); // native zlib memory must not wait for the garbage collector
        } finally {
            listener.transportClosed();
        }
    }

    /** Reports the end once; the application may no longer send from now on. */
    private void fireClose(Throwable error, CloseReason reason) {
        synchronized (this) {
            if (closeFired) {
                return;
            }
            closeFired = true;
            outputOpen = false;
        }
        idle.stop();
        listener.closed(error, reason);
    }

    static CloseReason closeReason(int code, String reason) {
        return new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason == null ? "" : reason);
    }

    /** A reason that fits a close frame (123 bytes of UTF-8), cut on a character boundary. */
    static String truncate(String reason) {
        if (reason == null) {
            return "";
        }
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= 123) {
            return reason;
        }
        // cut on a character boundary so the reason stays valid UTF-8
        int end = 123;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
