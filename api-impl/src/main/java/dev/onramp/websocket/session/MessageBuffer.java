package dev.onramp.websocket.session;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The pieces of one incoming message collected for a whole-message handler. Memory follows the bytes received, not
 * what the peer announced: a frame's declared length (already held against the size limit by the parser) is only a
 * claim, so the buffer never holds more than 4 times {@link #FIRST_CHUNK} or 32 times the bytes actually received
 * (a peer that declares 16 MiB and sends 1 KiB gets 64 KiB). A declared length still helps: the buffer grows in a
 * few large steps towards it instead of doubling from 1 KiB, and stops exactly at it: a 1 MiB message in one frame
 * costs one allocation when read 64 KiB at a time (as before this bound), two when read 16 KiB at a time (the
 * servlet transport's reads; the first one 128 KiB).
 */
final class MessageBuffer {

    /** Where a message whose size is unknown (a decoded or a fragmented one) starts. */
    private static final int INITIAL = 1024;
    /** Room a message gets before its bytes arrive, whatever its frame declares: enough for a 64 KiB read. */
    static final int FIRST_CHUNK = 64 * 1024;
    /**
     * Beyond the first chunk, the buffer grows to this many times the bytes received (rounded up to a power of two;
     * twice that when the declared message ends within it).
     */
    private static final int GROWTH = 8;
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private byte[] bytes = new byte[0];
    private int length;

    /** Bytes the buffer can hold before it grows (for tests). */
    int capacity() {
        return bytes.length;
    }

    /**
     * Appends a piece of the message.
     *
     * @param announced bytes of the message the peer has declared beyond this piece (the rest of the current frame;
     *                  0 when unknown): the buffer grows towards it, but not much ahead of the bytes received (see
     *                  the class comment)
     */
    void append(ByteBuffer piece, long announced) {
        int n = piece.remaining();
        if (length + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, grownCapacity((long) length + n, announced));
        }
        piece.get(bytes, length, n);
        length += n;
    }

    private int grownCapacity(long needed, long announced) {
        long wanted = announced > 0 ? needed + announced : Math.max(INITIAL, 2L * bytes.length);
        // rounded up to a power of two, so reads of a power-of-two size (minus the frame's head) grow in whole steps
        long ceiling = Long.highestOneBit(Math.max(FIRST_CHUNK, GROWTH * needed) - 1) << 1;
        // a message that ends a little beyond the ceiling gets its exact size now rather than one more copy later
        long capacity = wanted <= 2 * ceiling ? wanted : ceiling;
        return (int) Math.min(MAX_ARRAY, Math.max(needed, capacity));
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
