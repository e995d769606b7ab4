package dev.onramp.websocket.protocol;

import java.nio.ByteBuffer;

/**
 * The protocol side of a negotiated per-message extension (RFC 6455 §9, e.g. permessage-deflate of RFC 7692): it
 * claims RSV bits and transforms whole messages' payloads, inbound and outbound.
 *
 * <p>The engine supports per-message extensions only: RSV bits are accepted on the first frame of a data message
 * and nowhere else (a set RSV bit on a continuation or control frame is a protocol error), and at most one codec
 * transforms a given message (the one whose {@link #rsvBits()} the first frame carries).
 *
 * <p>Both directions are pull-based so that a bounded output buffer and the parser's backpressure work together:
 * the engine calls {@link #decode}/{@link #encode} repeatedly; each call consumes some input (advancing its
 * position) and/or returns some output. Each call must make progress: return a non-empty output or consume at
 * least one byte, unless its input is empty. A call that returns an empty buffer with empty input means "nothing
 * more until more input comes" and, with {@code endOfMessage}, "the message is complete; reset for the next one".
 * A codec is used by one connection; each direction is used by one thread at a time, but inbound and outbound
 * calls may run at the same time on different threads (keep their state apart).
 */
public interface ExtensionCodec {
    /** The RSV bits this codec claims, as a mask of 0b100 (RSV1), 0b010 (RSV2), 0b001 (RSV3). Never 0. */
    int rsvBits();

    /**
     * A data message starts whose first frame carries {@code rsv} (a subset of {@link #rsvBits()}, not 0).
     * The codec will be asked to {@link #decode} it.
     *
     * @param opcode TEXT or BINARY
     * @throws ProtocolException when the extension does not allow this combination
     */
    void startInbound(int opcode, int rsv) throws ProtocolException;

    /**
     * Decodes wire payload into message payload.
     *
     * @param in           unmasked wire payload of the current message; consume from its position
     * @param endOfMessage true when {@code in} holds the rest of the message (the final frame's last bytes)
     * @return decoded bytes, possibly empty; valid until the next call
     * @throws ProtocolException when the payload cannot be decoded (usually 1007)
     */
    ByteBuffer decode(ByteBuffer in, boolean endOfMessage) throws ProtocolException;

    /**
     * An outbound data message starts: return the RSV bits to set on its first frame, or 0 to send this message
     * untransformed (then {@link #encode} is not called for it).
     *
     * @param opcode TEXT or BINARY
     */
    int startOutbound(int opcode);

    /**
     * Encodes message payload into wire payload, same contract as {@link #decode}.
     *
     * @param in           message payload; consume from its position
     * @param endOfMessage true when {@code in} holds the rest of the message
     * @return encoded bytes, possibly empty; valid until the next call
     */
    ByteBuffer encode(ByteBuffer in, boolean endOfMessage);

    /**
     * What the last {@link #encode} calls returned will never reach the peer (the outbound queue refused the frame):
     * a codec whose output depends on earlier output (deflate's sliding window) must stop referring to it.
     */
    default void outboundDropped() {
    }

    /**
     * The connection is closed: free what the codec holds (e.g. native zlib memory). Called once, possibly while
     * another thread is inside {@link #decode} or {@link #encode}; a codec that frees resources must make that
     * safe, and later calls may fail (decode with a {@link ProtocolException}, encode with an
     * {@link IllegalStateException}).
     */
    default void release() {
    }
}
