package dev.onramp.websocket.session;

import dev.onramp.websocket.protocol.FrameWriter;
import dev.onramp.websocket.protocol.Masking;
import dev.onramp.websocket.protocol.Opcode;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One session's reusable frame for small blocking whole-message sends, so that the common echo or request/response
 * costs no allocation per message: a buffer that holds the header and a copy of the payload (masked for the client
 * role), the {@code ByteBuffer[]} and {@link OutboundQueue.Frame} handed to the queue, and the completion the sender
 * waits on. The payload is copied (text is encoded straight into it), so the caller's buffer is free when the send
 * returns, whatever the transport does.
 *
 * <p>One sender at a time {@link #tryTake takes} the slot; a concurrent sender finds it taken and sends through the
 * ordinary, allocating path. After a send that did not succeed (timed out, interrupted, failed) the slot is
 * {@link #retire retired} for good: the transport may still hold its buffer, and a later send must not overwrite
 * bytes that may yet be written. A reply that is queued without waiting ({@link MessageSender#sendReply}) gives the
 * slot back from its completion instead. Not for frames an extension transforms (permessage-deflate): those go through
 * {@link OutboundCodec}.
 *
 * <p>The buffer and the frame over it are made at the first send from the slot, so an idle session holds none of
 * them (about 1.1 KiB). Only the slot's taker touches them; taking the slot orders the taker after the previous one.
 */
final class BlockingSendSlot {

    /** The largest payload the slot carries (in bytes, after UTF-8 encoding for text). */
    static final int MAX_PAYLOAD = 1024;

    private static final int FREE = 0;
    private static final int TAKEN = 1;
    private static final int RETIRED = 2;
    /** The payload always starts here; the header, 2..14 bytes, is written right before it. */
    private static final int PAYLOAD_AT = FrameWriter.MAX_HEADER_LENGTH;

    private final FrameWriter writer;
    private final AtomicInteger state = new AtomicInteger(FREE);
    /** Made by the first taker ({@link #prepare}); null until then. */
    private byte[] bytes;
    private ByteBuffer buffer;
    private OutboundQueue.Frame frame;
    private final SendFuture completion = new SendFuture();
    /**
     * Whether the frame in flight is a reply ({@link MessageSender#sendReply}) that nobody waits for: its completion
     * then gives the slot back itself (or retires it when the write failed).
     */
    private volatile boolean reply;
    private final OutboundQueue.Completion written = new OutboundQueue.Completion() {
        @Override
        public void succeeded() {
            if (reply) {
                reply = false;
                release();
            } else {
                completion.succeeded();
            }
        }

        @Override
        public void failed(Throwable cause) {
            if (reply) {
                reply = false;
                retire();
            } else {
                completion.failed(cause);
            }
        }
    };
    BlockingSendSlot(FrameWriter writer) {
        this.writer = writer;
    }

    /** Takes the slot for one send; false when another sender has it or it is retired. */
    boolean tryTake() {
        return state.compareAndSet(FREE, TAKEN);
    }

    /** Gives the slot back after a send whose frame was written, or never queued. */
    void release() {
        state.compareAndSet(TAKEN, FREE);
    }

    /** Never uses the slot again: its frame may still be held by the transport. */
    void retire() {
        state.set(RETIRED);
    }

    /** Whether the slot has made its buffer (it does at its first send). */
    boolean holdsBuffer() {
        return bytes != null;
    }

    boolean retired() {
        return state.get() == RETIRED;
    }

    /**
     * Marks the prepared frame as a reply (true) that its own completion hands back, or as a blocking send's (false)
     * whose sender waits on {@link #completion} and hands the slot back; only the slot's taker calls it.
     */
    void reply(boolean reply) {
        this.reply = reply;
    }

    /** What the send waits on: pending again each time a frame is prepared. */
    SendFuture completion() {
        return completion;
    }

    /**
     * The frame of a whole message carrying a copy of {@code payload}'s remaining bytes (at most
     * {@link #MAX_PAYLOAD}); the payload's position does not move.
     */
    OutboundQueue.Frame whole(int opcode, ByteBuffer payload) {
        prepare();
        int length = payload.remaining();
        payload.get(payload.position(), bytes, PAYLOAD_AT, length);
        return seal(opcode, length);
    }

    /** The frame of a whole text message, encoded here; null when its UTF-8 form is longer than the slot. */
    OutboundQueue.Frame text(String text) {
        prepare();
        int end = encodeUtf8(text, bytes, PAYLOAD_AT, bytes.length);
        return end < 0 ? null : seal(Opcode.TEXT, end - PAYLOAD_AT);
    }

    /** Makes the buffer and its frame at the first use; only the slot's taker calls it. */
    private void prepare() {
        if (bytes == null) {
            bytes = new byte[PAYLOAD_AT + MAX_PAYLOAD];
            buffer = ByteBuffer.wrap(bytes);
            frame = new OutboundQueue.Frame(new ByteBuffer[] {buffer}, false, 0, written);
        }
    }

    private OutboundQueue.Frame seal(int opcode, int length) {
        int start = PAYLOAD_AT - writer.headerLength(length);
        buffer.limit(bytes.length).position(start);
        int key = writer.writeHeader(buffer, opcode, true, 0, length);
        if (key != 0) {
            Masking.unmask(buffer, PAYLOAD_AT, PAYLOAD_AT + length, key, 0); // XOR: masking is the same operation
        }
        buffer.limit(PAYLOAD_AT + length).position(start);
        completion.reset();
        frame.remeasure();
        return frame;
    }

    /**
     * Encodes {@code text} into {@code dst} from {@code from} exactly as {@code text.getBytes(UTF_8)} does (a
     * surrogate without its pair becomes {@code '?'}); returns the end, or -1 when the bytes would go beyond
     * {@code to}.
     */
    static int encodeUtf8(String text, byte[] dst, int from, int to) {
        int n = text.length();
        int p = from;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                if (p >= to) {
                    return -1;
                }
                dst[p++] = (byte) c;
            } else if (c < 0x800) {
                if (p + 2 > to) {
                    return -1;
                }
                dst[p++] = (byte) (0xC0 | c >> 6);
                dst[p++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isSurrogate(c)) {
                char low;
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(low = text.charAt(i + 1))) {
                    if (p + 4 > to) {
                        return -1;
                    }
                    int cp = Character.toCodePoint(c, low);
                    i++;
                    dst[p++] = (byte) (0xF0 | cp >> 18);
                    dst[p++] = (byte) (0x80 | cp >> 12 & 0x3F);
                    dst[p++] = (byte) (0x80 | cp >> 6 & 0x3F);
                    dst[p++] = (byte) (0x80 | cp & 0x3F);
                } else {
                    if (p >= to) {
                        return -1;
                    }
                    dst[p++] = '?';
                }
            } else {
                if (p + 3 > to) {
                    return -1;
                }
                dst[p++] = (byte) (0xE0 | c >> 12);
                dst[p++] = (byte) (0x80 | c >> 6 & 0x3F);
                dst[p++] = (byte) (0x80 | c & 0x3F);
            }
        }
        return p;
    }
}
