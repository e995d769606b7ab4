package dev.onramp.websocket.session;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The pieces of one incoming message collected for a whole-message handler. It grows with the message
 * (doubling), so a connection never holds memory for the size limit up front; the parser has already refused a
 * message over the limit before any of it was copied here.
 */
final class MessageBuffer {

    private static final int INITIAL = 1024;

    private byte[] bytes = new byte[0];
    private int length;

    /**
     * Makes room for {@code more} bytes beyond what is collected, at once: the parser has already held the frame's
     * declared length against the message limit, so a message in one large frame costs one allocation, not a
     * doubling series.
     */
    void reserve(long more) {
        long wanted = length + more;
        if (wanted > bytes.length && wanted <= Integer.MAX_VALUE - 8) {
            bytes = Arrays.copyOf(bytes, (int) wanted);
        }
    }

    /** Bytes the buffer can hold before it grows (for tests). */
    int capacity() {
        return bytes.length;
    }

    void append(ByteBuffer piece) {
        int n = piece.remaining();
        if (length + n > bytes.length) {
            int capacity = Math.max(Math.max(INITIAL, bytes.length * 2), length + n);
            bytes = Arrays.copyOf(bytes, capacity);
        }
        piece.get(bytes, length, n);
        length += n;
    }

    int length() {
        return length;
    }

    /** The message as a buffer over the collected bytes (valid until {@link #reset}). */
    ByteBuffer buffer() {
        return ByteBuffer.wrap(bytes, 0, length);
    }

    /** Hands the collected bytes over for good (the application owns them) and starts empty. */
    ByteBuffer detach() {
        ByteBuffer message = ByteBuffer.wrap(bytes, 0, length);
        bytes = new byte[0];
        length = 0;
        return message;
    }

    /** Forgets the message; keeps a small array for the next one, drops a large one. */
    void reset() {
        length = 0;
        if (bytes.length > 64 * 1024) {
            bytes = new byte[0];
        }
    }
}
