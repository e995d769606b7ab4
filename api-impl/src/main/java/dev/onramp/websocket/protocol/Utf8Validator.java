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
    private static final int CLASSES = 16;    // row width; a power of two so states index rows directly

    // States are premultiplied by the row width: the next state is TRANSITIONS[state + class].
    private static final int ACCEPT = 0;
    private static final int REJECT = 1 * CLASSES;
    private static final int TAIL1 = 2 * CLASSES;     // one continuation byte left
    private static final int TAIL2 = 3 * CLASSES;     // two left
    private static final int TAIL3 = 4 * CLASSES;     // three left
    private static final int AFTER_E0 = 5 * CLASSES;  // needs A0-BF, then one more
    private static final int AFTER_ED = 6 * CLASSES;  // needs 80-9F, then one more
    private static final int AFTER_F0 = 7 * CLASSES;  // needs 90-BF, then two more
    private static final int AFTER_F4 = 8 * CLASSES;  // needs 80-8F, then two more
    private static final int STATES = 9;

    private static final byte[] CLASS_OF = new byte[256];
    private static final int[] TRANSITIONS = new int[STATES * CLASSES];

    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

    static {
        for (int b = 0; b < 256; b++) {
            CLASS_OF[b] = (byte) classOf(b);
        }
        java.util.Arrays.fill(TRANSITIONS, REJECT);
        TRANSITIONS[ACCEPT + C_ASCII] = ACCEPT;
        TRANSITIONS[ACCEPT + C_LEAD2] = TAIL1;
        TRANSITIONS[ACCEPT + C_E0] = AFTER_E0;
        TRANSITIONS[ACCEPT + C_LEAD3] = TAIL2;
        TRANSITIONS[ACCEPT + C_ED] = AFTER_ED;
        TRANSITIONS[ACCEPT + C_F0] = AFTER_F0;
        TRANSITIONS[ACCEPT + C_LEAD4] = TAIL3;
        TRANSITIONS[ACCEPT + C_F4] = AFTER_F4;
        for (int tail : new int[] {C_TAIL_LO, C_TAIL_MID, C_TAIL_HI}) {
            TRANSITIONS[TAIL1 + tail] = ACCEPT;
            TRANSITIONS[TAIL2 + tail] = TAIL1;
            TRANSITIONS[TAIL3 + tail] = TAIL2;
            TRANSITIONS[AFTER_F0 + tail] = tail == C_TAIL_LO ? REJECT : TAIL2;
        }
        TRANSITIONS[AFTER_E0 + C_TAIL_HI] = TAIL1;
        TRANSITIONS[AFTER_ED + C_TAIL_LO] = TAIL1;
        TRANSITIONS[AFTER_ED + C_TAIL_MID] = TAIL1;
        TRANSITIONS[AFTER_F4 + C_TAIL_LO] = TAIL2;
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
            int b = a[p];
            if (b >= 0 && s == ACCEPT) {
                p++;
                while (p <= wordEnd && ((long) LONGS.get(a, p) & HIGH_BITS) == 0) {
                    p += 8;
                }
                continue;
            }
            s = TRANSITIONS[s + CLASS_OF[b & 0xFF]];
            if (s == REJECT) {
                state = REJECT;
                return p;
            }
            p++;
        }
        state = s;
        return -1;
    }

    private int validateBuffer(ByteBuffer buf, int p, int end) {
        int s = state;
        int wordEnd = end - 8;
        while (p < end) {
            int b = buf.get(p);
            if (b >= 0 && s == ACCEPT) {
                p++;
                // The high-bit test is the same in either byte order.
                while (p <= wordEnd && (buf.getLong(p) & HIGH_BITS) == 0) {
                    p += 8;
                }
                continue;
            }
            s = TRANSITIONS[s + CLASS_OF[b & 0xFF]];
            if (s == REJECT) {
                state = REJECT;
                return p;
            }
            p++;
        }
        state = s;
        return -1;
    }
}
