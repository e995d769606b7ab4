package dev.onramp.websocket.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds raw frames byte by byte for tests, masking by hand so the tests do not trust the code under test. */
final class FrameBuilder {
    static final int MASK_KEY = 0x37FA213D;
    /** Length forms: AUTO picks the shortest; the others force 7-bit, 16-bit or 64-bit. */
    static final int AUTO = 0;
    static final int LEN16 = 16;
    static final int LEN64 = 64;

    private final boolean masked;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** @param sender the role that sends these frames: CLIENT masks, SERVER does not */
    FrameBuilder(Role sender) {
        this.masked = sender == Role.CLIENT;
    }

    static FrameBuilder fromClient() {
        return new FrameBuilder(Role.CLIENT);
    }

    static FrameBuilder fromServer() {
        return new FrameBuilder(Role.SERVER);
    }

    FrameBuilder text(String s) {
        return frame(Opcode.TEXT, true, utf8(s));
    }

    FrameBuilder binary(byte[] payload) {
        return frame(Opcode.BINARY, true, payload);
    }

    FrameBuilder frame(int opcode, boolean fin, byte[] payload) {
        return frame(opcode, fin, 0, payload, AUTO);
    }

    FrameBuilder frame(int opcode, boolean fin, int rsv, byte[] payload, int lengthForm) {
        return frame(opcode, fin, rsv, payload, lengthForm, masked);
    }

    FrameBuilder frame(int opcode, boolean fin, int rsv, byte[] payload, int lengthForm, boolean mask) {
        out.write((fin ? 0x80 : 0) | (rsv << 4) | opcode);
        int maskBit = mask ? 0x80 : 0;
        long n = payload.length;
        int form = lengthForm != AUTO ? lengthForm : n <= 125 ? 7 : n <= 0xFFFF ? LEN16 : LEN64;
        if (form == 7) {
            out.write(maskBit | (int) n);
        } else if (form == LEN16) {
            out.write(maskBit | 126);
            writeBigEndian(n, 2);
        } else {
            out.write(maskBit | 127);
            writeBigEndian(n, 8);
        }
        if (mask) {
            writeBigEndian(MASK_KEY, 4);
            for (int i = 0; i < payload.length; i++) {
                out.write(payload[i] ^ (MASK_KEY >>> (24 - 8 * (i & 3))));
            }
        } else {
            out.write(payload, 0, payload.length);
        }
        return this;
    }

    /** Appends bytes as written, e.g. {@code raw("81 05")}. */
    FrameBuilder raw(String hex) {
        byte[] b = hex(hex);
        out.write(b, 0, b.length);
        return this;
    }

    FrameBuilder raw(byte[] b) {
        out.write(b, 0, b.length);
        return this;
    }

    /** The mask-key bytes of this builder (only when the sender masks). */
    FrameBuilder maskKeyIfMasked() {
        if (masked) {
            writeBigEndian(MASK_KEY, 4);
        }
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    int size() {
        return out.size();
    }

    private void writeBigEndian(long v, int bytes) {
        for (int i = bytes - 1; i >= 0; i--) {
            out.write((int) (v >>> (8 * i)));
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] hex(String hex) {
        String h = hex.replaceAll("\\s+", "");
        byte[] b = new byte[h.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    static byte[] closePayload(int code, byte[] reason) {
        byte[] p = new byte[2 + reason.length];
        p[0] = (byte) (code >>> 8);
        p[1] = (byte) code;
        System.arraycopy(reason, 0, p, 2, reason.length);
        return p;
    }

    static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }
}
