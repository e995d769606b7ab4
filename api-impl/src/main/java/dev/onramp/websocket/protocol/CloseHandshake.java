package dev.onramp.websocket.protocol;

import java.nio.ByteBuffer;

/**
 * The close handshake of RFC 6455 §5.5.1 and §7 as a small state machine. It decides; the session acts (sends the
 * frames, runs the timer, drops TCP). Not thread-safe: call it from the code that already serializes a session's
 * close path.
 *
 * <pre>
 *   OPEN --sendClose()--------> CLOSE_SENT     --onCloseReceived()--> CLOSED (we initiated)
 *   OPEN --onCloseReceived()--> CLOSE_RECEIVED --sendClose()-------> CLOSED (peer initiated; reply echoes its code)
 *   any  --fail() / onCloseTimeout() / onConnectionLost()-----------> CLOSED
 * </pre>
 *
 * Typical use: on the parser's {@code onClose}, call {@link #onCloseReceived}; if it returns true, run the
 * application's close callback and then send {@link #sendClose}'s payload (the echo). When {@link #isComplete()},
 * a server drops TCP now ({@link #shouldDropConnection()}); a client waits for the server to drop it and, if the
 * close timer fires first, calls {@link #onCloseTimeout()} and drops it itself.
 */
public final class CloseHandshake {
    /** Where the handshake stands. */
    public enum State {
        /** No close frame has been sent or received. */
        OPEN,
        /** We initiated: our close frame went out and we wait for the peer's. */
        CLOSE_SENT,
        /** The peer initiated: its close frame arrived and we owe a reply. */
        CLOSE_RECEIVED,
        /** Both close frames have been exchanged, or the connection was failed or lost. */
        CLOSED
    }

    /** Which side started the close. */
    public enum Initiator {
        /** Nobody yet. */
        NONE,
        /** This endpoint (application close, protocol error, timeout). */
        LOCAL,
        /** The peer sent the first close frame. */
        REMOTE
    }

    private final Role role;
    private State state = State.OPEN;
    private Initiator initiator = Initiator.NONE;
    private boolean clean;
    private int receivedCode = CloseCodes.CLOSED_ABNORMALLY;
    private String receivedReason = "";
    private int sentCode = CloseCodes.CLOSED_ABNORMALLY;

    /** @param role decides who drops TCP once the handshake is complete (the server, §7.1.1) */
    public CloseHandshake(Role role) {
        if (role == null) {
            throw new NullPointerException("role");
        }
        this.role = role;
    }

    /**
     * We close (application call, or the engine on an error that still allows a clean handshake). Returns the
     * payload of the close frame to send now, or {@code null} when a close frame has already gone out (nothing to
     * send). In OPEN the payload carries {@code code} and {@code reason} (code 1005 means "send no code": an empty
     * payload). In CLOSE_RECEIVED the arguments are ignored and the payload echoes the peer's code (empty when the
     * peer sent none); the handshake is then complete.
     *
     * @throws IllegalArgumentException in OPEN, if the code may not be sent or the reason exceeds 123 bytes
     */
    public ByteBuffer sendClose(int code, String reason) {
        switch (state) {
            case OPEN: {
                ByteBuffer payload = code == CloseCodes.NO_STATUS_CODE
                        ? ByteBuffer.allocate(0) : FrameWriter.closePayload(code, reason);
                state = State.CLOSE_SENT;
                initiator = Initiator.LOCAL;
                sentCode = code;
                return payload;
            }
            case CLOSE_RECEIVED:
                state = State.CLOSED;
                clean = true;
                sentCode = receivedCode;
                return replyPayload();
            default:
                return null;
        }
    }

    /**
     * The peer's (valid) close frame arrived. Returns true when we owe a reply: call {@link #sendClose} to get it
     * (the session usually runs the application's close callback first). Returns false when we had initiated
     * (the handshake is now complete) or when the handshake was already over (a duplicate close: ignore it).
     *
     * @param code   as the parser reported it (1005 when the frame had no payload)
     * @param reason as the parser reported it
     */
    public boolean onCloseReceived(int code, String reason) {
        switch (state) {
            case OPEN:
                state = State.CLOSE_RECEIVED;
                initiator = Initiator.REMOTE;
                receivedCode = code;
                receivedReason = reason == null ? "" : reason;
                return true;
            case CLOSE_SENT:
                state = State.CLOSED;
                clean = true;
                receivedCode = code;
                receivedReason = reason == null ? "" : reason;
                return false;
            default:
                return false;
        }
    }

    /**
     * Fail the connection (§7.1.7), e.g. on a {@link ProtocolException}: returns the close payload to send before
     * dropping TCP, or {@code null} when a close frame already went out. The handshake is over at once
     * ({@link #shouldDropConnection()} is true for either role): do not wait for the peer's reply.
     *
     * @param code a code that may be sent (e.g. 1002, 1007, 1009, 1011)
     */
    public ByteBuffer fail(int code) {
        ByteBuffer payload = null;
        if (state == State.OPEN || state == State.CLOSE_RECEIVED) {
            payload = FrameWriter.closePayload(code, "");
            sentCode = code;
        }
        if (initiator == Initiator.NONE) {
            initiator = Initiator.LOCAL;
        }
        state = State.CLOSED;
        clean = false;
        return payload;
    }

    /**
     * The close timer fired (the session starts it when our close frame goes out). Returns true when the peer
     * never completed the handshake: the session drops TCP and reports 1006 (CLOSED_ABNORMALLY). Returns false
     * when the handshake had completed (a client waiting for the server to drop TCP): drop TCP, report normally.
     */
    public boolean onCloseTimeout() {
        boolean abnormal = state != State.CLOSED;
        state = State.CLOSED;
        return abnormal;
    }

    /**
     * TCP ended (read EOF or I/O error). Returns true when that happened before the handshake completed: the
     * session reports 1006 (CLOSED_ABNORMALLY).
     */
    public boolean onConnectionLost() {
        boolean abnormal = state != State.CLOSED;
        state = State.CLOSED;
        return abnormal;
    }

    /** The current state. */
    public State state() {
        return state;
    }

    /** Who started the close ({@link Initiator#NONE} while OPEN). */
    public Initiator initiator() {
        return initiator;
    }

    /** May data (and ping/pong) frames still be sent? Not once our close frame went out. */
    public boolean canSendData() {
        return state == State.OPEN || state == State.CLOSE_RECEIVED;
    }

    /**
     * Should received data frames still be delivered to the application? Only while OPEN: after we sent close
     * they are discarded, and after the peer's close it may send nothing more.
     */
    public boolean shouldDeliverData() {
        return state == State.OPEN;
    }

    /** Must a close frame be sent (the reply to the peer's close is owed)? */
    public boolean mustReply() {
        return state == State.CLOSE_RECEIVED;
    }

    /** Is the handshake over (both close frames exchanged, or failed, timed out or lost)? */
    public boolean isComplete() {
        return state == State.CLOSED;
    }

    /**
     * Should this endpoint drop TCP now? The server does once the handshake is complete (§7.1.1); the client only
     * when the connection was failed (otherwise it waits for the server, bounded by the close timer).
     */
    public boolean shouldDropConnection() {
        return state == State.CLOSED && (role == Role.SERVER || !clean);
    }

    /** Whether both close frames were exchanged (false while in progress and after fail/timeout/loss). */
    public boolean isClean() {
        return clean && state == State.CLOSED;
    }

    /** The peer's close code (1005 if its frame had none, 1006 if none arrived). */
    public int receivedCode() {
        return receivedCode;
    }

    /** The peer's close reason, "" when absent. */
    public String receivedReason() {
        return receivedReason;
    }

    /** The code our close frame carried (1005 for an empty payload, 1006 if we sent none). */
    public int sentCode() {
        return sentCode;
    }

    private ByteBuffer replyPayload() {
        return receivedCode == CloseCodes.NO_STATUS_CODE
                ? ByteBuffer.allocate(0) : FrameWriter.closePayload(receivedCode, "");
    }
}
