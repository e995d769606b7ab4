package dev.onramp.websocket.protocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The RFC 6455 §5.3 masking transform: payload bytes XORed with a 4-byte key that repeats.
 *
 * <p>The key is an {@code int} read big-endian from the wire, so {@code key >>> 24} masks the first payload
 * byte. Bulk work goes 8 bytes at a time; since 8 is a multiple of 4 the key phase does not move inside
 * the word loop, which lets one 64-bit key (the 32-bit key rotated to the phase, written twice) serve
 * every word.
 */
public final class Masking {

    /** Little-endian view: the native order on the machines we run on, so no byte swap per word. */
    private static final VarHandle LONGS_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Masking() {
    }

    /**
     * XORs {@code buf}'s bytes at absolute indexes [{@code from}, {@code to}) in place with the 4-byte
     * {@code key} (big-endian: {@code key >>> 24} is the first mask byte on the wire, RFC 6455 §5.3),
     * starting at key byte {@code phase} (0..3).
     *
     * @return the phase after the last byte, {@code (phase + (to - from)) & 3}
     * @throws IndexOutOfBoundsException if the range is not within the buffer's limit
     */
    public static int unmask(ByteBuffer buf, int from, int to, int key, int phase) {
        if (from < 0 || to < from || to > buf.limit()) {
            throw new IndexOutOfBoundsException("range [" + from + ", " + to + ") outside limit " + buf.limit());
        }
        phase &= 3;
        int rotated = Integer.rotateLeft(key, phase << 3);
        if (buf.hasArray()) {
            unmaskArray(buf.array(), buf.arrayOffset() + from, buf.arrayOffset() + to, rotated);
        } else {
            unmaskBuffer(buf, from, to, rotated);
        }
        return (phase + (to - from)) & 3;
    }

    /**
     * Copies {@code src}'s remaining bytes into {@code dst}, masked with {@code key} from phase 0,
     * advancing both positions.
     *
     * @throws BufferOverflowException if {@code dst} has less room than {@code src} has bytes (nothing moves)
     */
    public static void mask(ByteBuffer src, ByteBuffer dst, int key) {
        int n = src.remaining();
        if (dst.remaining() < n) {
            throw new BufferOverflowException();
        }
        int s = src.position();
        int d = dst.position();
        if (src.hasArray() && dst.hasArray() && !dst.isReadOnly()) {
            maskArrays(src.array(), src.arrayOffset() + s, dst.array(), dst.arrayOffset() + d, n, key);
        } else {
            maskBuffers(src, s, dst, d, n, key);
        }
        src.position(s + n);
        dst.position(d + n);
    }

    /** The key rotated to phase 0 and repeated twice, in the byte order of a little-endian long load. */
    private static long wordKeyLittleEndian(int rotated) {
        return Long.reverseBytes(wordKeyBigEndian(rotated));
    }

    private static long wordKeyBigEndian(int rotated) {
        return ((long) rotated << 32) | (rotated & 0xFFFFFFFFL);
    }

    private static void unmaskArray(byte[] a, int p, int end, int rotated) {
        long wordKey = wordKeyLittleEndian(rotated);
        int wordEnd = end - 7;
        for (; p < wordEnd; p += 8) {
            LONGS_LE.set(a, p, (long) LONGS_LE.get(a, p) ^ wordKey);
        }
        for (int k = 0; p < end; p++, k++) {
            a[p] ^= (byte) (rotated >>> (24 - ((k & 3) << 3)));
        }
    }

    private static void unmaskBuffer(ByteBuffer buf, int p, int end, int rotated) {
        long wordKey = buf.order() == ByteOrder.BIG_ENDIAN
                ? wordKeyBigEndian(rotated) : wordKeyLittleEndian(rotated);
        int wordEnd = end - 7;
        for (; p < wordEnd; p += 8) {
            buf.putLong(p, buf.getLong(p) ^ wordKey);
        }
        for (int k = 0; p < end; p++, k++) {
            buf.put(p, (byte) (buf.get(p) ^ (rotated >>> (24 - ((k & 3) << 3)))));
        }
    }

    private static void maskArrays(byte[] src, int s, byte[] dst, int d, int n, int key) {
        long wordKey = wordKeyLittleEndian(key);
        int i = 0;
        for (; i < n - 7; i += 8) {
            LONGS_LE.set(dst, d + i, (long) LONGS_LE.get(src, s + i) ^ wordKey);
        }
        for (; i < n; i++) {
            dst[d + i] = (byte) (src[s + i] ^ (key >>> (24 - ((i & 3) << 3))));
        }
    }

    private static void maskBuffers(ByteBuffer src, int s, ByteBuffer dst, int d, int n, int key) {
        // Words are read in src's order and written in dst's order; the key must match each side.
        long srcKey = src.order() == ByteOrder.BIG_ENDIAN ? wordKeyBigEndian(key) : wordKeyLittleEndian(key);
        boolean swap = src.order() != dst.order();
        int i = 0;
        for (; i < n - 7; i += 8) {
            long w = src.getLong(s + i) ^ srcKey;
            dst.putLong(d + i, swap ? Long.reverseBytes(w) : w);
        }
        for (; i < n; i++) {
            dst.put(d + i, (byte) (src.get(s + i) ^ (key >>> (24 - ((i & 3) << 3)))));
        }
    }
}
