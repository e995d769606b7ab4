package dev.onramp.websocket.protocol;

import java.nio.ByteBuffer;

/**
 * Events of a {@link FrameParser}. Payload buffers are views into the parser's input (already unmasked in place);
 * their bytes are valid until the owner of the input buffer refills it (the session keeps it until it is done).
 *
 * <p><b>View objects are reused.</b> To avoid an allocation per frame, the parser hands the same {@code ByteBuffer}
 * object to every {@link #onMessageData} call for one input buffer and only moves its position and limit. The
 * position/limit of a piece are therefore valid until the listener returns {@code true} (the next piece reuses the
 * object) or, when it returned {@code false}, until the next {@link FrameParser#parse} call. A listener that wants
 * to keep a piece beyond that must take {@code payload.slice()} (a new view over the same bytes) or copy it.
 * Ping and pong payloads are valid only during the callback (a control frame chopped across reads is collected
 * in a small internal buffer that the next control frame overwrites); copy them to keep them.
 */
public interface FrameListener {
    /**
     * A piece of a text or binary message. opcode is TEXT or BINARY (the message's opcode, also for continuation
     * frames); first = this is the first piece of the message; last = the message is complete with this piece.
     * Pieces can be empty (e.g. an empty final frame gives an empty piece with last = true). Text pieces have
     * passed UTF-8 validation so far (pieces may split a code point; the split is completed by the next piece).
     * Return true to keep parsing, false to make parse() return right after this piece (backpressure).
     */
    boolean onMessageData(int opcode, ByteBuffer payload, boolean first, boolean last);

    /** A ping's whole payload (at most 125 bytes), delivered even in the middle of a fragmented message. */
    void onPing(ByteBuffer payload);

    /**
     * A pong's whole payload (at most 125 bytes); unsolicited pongs are delivered too. Return true to keep parsing,
     * false to make parse() return right after this frame (backpressure, as for {@link #onMessageData}: a pong the
     * application still has to handle holds reading, so a flood of pongs cannot queue without bound).
     */
    boolean onPong(ByteBuffer payload);

    /** A valid close frame: code is 1005 (NO_STATUS_CODE) when the payload was empty; reason "" when absent. */
    void onClose(int code, String reason);
}
