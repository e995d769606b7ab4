package dev.onramp.websocket.protocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An incremental UTF-8 validator (RFC 3629 §4) that fails on the first byte that cannot be part of a
 * well-formed sequence, so a text message can be rejected with 1007 as soon as the bad byte arrives,
 * even when a character is split across reads or frames (RFC 6455 §8.1).
 *
 * <p>A deterministic automaton over byte classes: each state says which bytes may come next, so overlong
 * forms (C0, C1, E0 80-9F, F0 80-8F), surrogates (ED A0-BF), code points above U+10FFFF (F4 90-BF, F5-FF)
 * and stray or missing continuation bytes are refused at the exact byte. While no sequence is open,
 * runs of ASCII are skipped 8 bytes at a time.
 *
 * <p>Not thread-safe: one instance per inbound message stream.
 */
public final class Utf8Validator {

    // Byte classes, from the rows of the RFC 3629 §4 grammar.
    private static final int C_ASCII = 0;     // 00-7F
    private static final int C_TAIL_LO = 1;   // 80-8F
    private static final int C_TAIL_MID = 2;  // 90-9F
    private static final int C_TAIL_HI = 3;   // A0-BF
    private static final int C_BAD = 4;       // C0-C1, F5-FF: never valid
    private static final int C_LEAD2 = 5;     // C2-DF
    private static final int C_E0 = 6;        // E0: second byte A0-BF (no overlongs)
    private static final int C_LEAD3 = 7;     // E1-EC, EE-EF
    private static final int C_ED = 8;        // ED: second byte 80-9F (no surrogates)
    private static final int C_F0 = 9;        // F0: second byte 90-BF (no overlongs)
    private static final int C_LEAD4 = 10;    // F1-F3
    private static final int C_F4 = 11;       // F4: second byte 80-8F (nothing above U+10FFFF)
    private static final int CLASSES = 12;

    /*
     * States are bit offsets (multiples of 6) into a 64-bit row per input byte: the next state is
     * (ROWS[b] >>> state) & 63. The row load depends on the byte only, so the chain from one state to the
     * next is a single shift rather than a dependent table load; and since Java masks a long shift count
     * to its low 6 bits, the loop never needs the "& 63". REJECT is offset 0 and every row leaves bits
     * 0-5 zero, so a rejected state stays rejected: the hot loop checks for it once per chunk.
     */
    private static final int REJECT = 0;
    private static final int ACCEPT = 6;
    private static final int TAIL1 = 12;     // one continuation byte left
    private static final int TAIL2 = 18;     // two left
    private static final int TAIL3 = 24;     // three left
    private static final int AFTER_E0 = 30;  // needs A0-BF, then one more
    private static final int AFTER_ED = 36;  // needs 80-9F, then one more
    private static final int AFTER_F0 = 42;  // needs 90-BF, then two more
    private static final int AFTER_F4 = 48;  // needs 80-8F, then two more
    private static final int STATE_BITS = 63;

    private static final long[] ROWS = new long[256];

    /** Bytes checked between two tests for REJECT; on failure the chunk is re-run to find the exact byte. */
    private static final int CHUNK = 16;

    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

    static {
        int[][] next = new int[AFTER_F4 + 1][CLASSES];
        for (int[] row : next) {
            java.util.Arrays.fill(row, REJECT);
        }
        next[ACCEPT][C_ASCII] = ACCEPT;
        next[ACCEPT][C_LEAD2] = TAIL1;
        next[ACCEPT][C_E0] = AFTER_E0;
        next[ACCEPT][C_LEAD3] = TAIL2;
        next[ACCEPT][C_ED] = AFTER_ED;
        next[ACCEPT][C_F0] = AFTER_F0;
        next[ACCEPT][C_LEAD4] = TAIL3;
        next[ACCEPT][C_F4] = AFTER_F4;
        for (int tail : new int[] {C_TAIL_LO, C_TAIL_MID, C_TAIL_HI}) {
            next[TAIL1][tail] = ACCEPT;
            next[TAIL2][tail] = TAIL1;
            next[TAIL3][tail] = TAIL2;
            next[AFTER_F0][tail] = tail == C_TAIL_LO ? REJECT : TAIL2;
        }
        next[AFTER_E0][C_TAIL_HI] = TAIL1;
        next[AFTER_ED][C_TAIL_LO] = TAIL1;
        next[AFTER_ED][C_TAIL_MID] = TAIL1;
        next[AFTER_F4][C_TAIL_LO] = TAIL2;
        int[] states = {ACCEPT, TAIL1, TAIL2, TAIL3, AFTER_E0, AFTER_ED, AFTER_F0, AFTER_F4};
        for (int b = 0; b < 256; b++) {
            long row = 0;
            for (int s : states) {
                row |= (long) next[s][classOf(b)] << s;
            }
            ROWS[b] = row;
        }
    }
    private static int classOf(int b) {
        if (b < 0x80) {
            return C_ASCII;
        } else if (b < 0x90) {
            return C_TAIL_LO;
        } else if (b < 0xA0) {
            return C_TAIL_MID;
        } else if (b < 0xC0) {
            return C_TAIL_HI;
        } else if (b < 0xC2) {
            return C_BAD;
        } else if (b < 0xE0) {
            return C_LEAD2;
        } else if (b == 0xE0) {
            return C_E0;
        } else if (b == 0xED) {
            return C_ED;
        } else if (b < 0xF0) {
            return C_LEAD3;
        } else if (b == 0xF0) {
            return C_F0;
        } else if (b < 0xF4) {
            return C_LEAD4;
        } else if (b == 0xF4) {
            return C_F4;
        }
        return C_BAD;
    }

    private int state = ACCEPT;

    /** A validator at a character boundary, as at the start of a message. */
    public Utf8Validator() {
    }

    /**
     * Validates {@code buf}'s bytes at absolute [{@code from}, {@code to}), continuing a sequence left open
     * by the previous call. Neither the position nor the limit of {@code buf} moves.
     *
     * @return -1 when all bytes are valid so far, else the absolute index of the first byte at which the
     *         input became invalid; once failed, every later call returns {@code from} until {@link #reset()}
     */
    public int validate(ByteBuffer buf, int from, int to) {
        if (from < 0 || to < from || to > buf.limit()) {
            throw new IndexOutOfBoundsException("range [" + from + ", " + to + ") outside limit " + buf.limit());
        }
        if (state == REJECT) {
            return from;
        }
        if (buf.hasArray()) {
            int off = buf.arrayOffset();
            int bad = validateArray(buf.array(), from + off, to + off);
            return bad < 0 ? -1 : bad - off;
        }
        return validateBuffer(buf, from, to);
    }

    /** True when no multi-byte sequence is open: a message may end here (false means truncated or failed). */
    public boolean isBoundary() {
        return state == ACCEPT;
    }

    /** Forgets any open sequence and any failure, as at the start of a new message. */
    public void reset() {
        state = ACCEPT;
    }

    /** One-shot check: are {@code buf}'s remaining bytes complete, valid UTF-8? Does not move the position. */
    public static boolean isValid(ByteBuffer buf) {
        Utf8Validator v = new Utf8Validator();
        return v.validate(buf, buf.position(), buf.limit()) < 0 && v.isBoundary();
    }

    private int validateArray(byte[] a, int p, int end) {
        int s = state;
        int wordEnd = end - 8;
        while (p < end) {
            if (s == ACCEPT && a[p] >= 0) {
                p++;
                while (p <= wordEnd && ((long) LONGS.get(a, p) & HIGH_BITS) == 0) {
                    p += 8;
                }
                continue;
            }
            int chunkStart = p;
            int before = s;
            int chunkEnd = Math.min(end, p + CHUNK);
            for (; p < chunkEnd; p++) {
                s = (int) (ROWS[a[p] & 0xFF] >>> s);
            }
            s &= STATE_BITS;
            if (s == REJECT) {
                state = REJECT;
                return firstRejected(a, chunkStart, before);
            }
        }
        state = s;
        return -1;
    }

    /** Re-runs a chunk known to fail, from its starting state, to name the byte that failed. */
    private static int firstRejected(byte[] a, int p, int s) {
        while (true) {
            s = (int) (ROWS[a[p] & 0xFF] >>> s) & STATE_BITS;
            if (s == REJECT) {
                return p;
            }
            p++;
        }
    }

    private int validateBuffer(ByteBuffer buf, int p, int end) {
        int s = state;
        int wordEnd = end - 8;
        while (p < end) {
            if (s == ACCEPT && buf.get(p) >= 0) {
                p++;
                // The high-bit test is the same in either byte order.
                while (p <= wordEnd && (buf.getLong(p) & HIGH_BITS) == 0) {
                    p += 8;
                }
                continue;
            }
            int chunkStart = p;
            int before = s;
            int chunkEnd = Math.min(end, p + CHUNK);
            for (; p < chunkEnd; p++) {
                s = (int) (ROWS[buf.get(p) & 0xFF] >>> s);
            }
            s &= STATE_BITS;
            if (s == REJECT) {
                state = REJECT;
                return firstRejected(buf, chunkStart, before);
            }
        }
        state = s;
        return -1;
    }

    private static int firstRejected(ByteBuffer buf, int p, int s) {
        while (true) {
            s = (int) (ROWS[buf.get(p) & 0xFF] >>> s) & STATE_BITS;
            if (s == REJECT) {
                return p;
            }
            p++;
        }
    }
}
