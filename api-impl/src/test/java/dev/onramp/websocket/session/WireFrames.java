package dev.onramp.websocket.session;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Frames written out by hand for session tests, independent of the engine's own writer and parser: masked
 * frames as a client sends them, and a reader for the unmasked frames a server writes.
 */
final class WireFrames {

    static final int CONT = 0, TEXT = 1, BINARY = 2, CLOSE = 8, PING = 9, PONG = 10;

    /** One decoded server frame. */
    record Frame(int opcode, boolean fin, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            return payload.length < 2 ? 1005 : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }
    }

    private WireFrames() {
    }

    static byte[] client(int opcode, boolean fin, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((fin ? 0x80 : 0) | opcode);
        int n = payload.length;
        if (n < 126) {
            out.write(0x80 | n);
        } else if (n < 65536) {
            out.write(0x80 | 126);
            out.write(n >>> 8);
            out.write(n & 0xFF);
        } else {
            out.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (((long) n >>> shift) & 0xFF));
            }
        }
        byte[] key = {0x37, (byte) 0xfa, 0x21, 0x3d};
        out.write(key, 0, 4);
        for (int i = 0; i < n; i++) {
            out.write(payload[i] ^ key[i & 3]);
        }
        return out.toByteArray();
    }

    static byte[] clientText(String text) {
        return client(TEXT, true, text.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] clientClose(int code, String reason) {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + r.length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(r, 0, payload, 2, r.length);
        return client(CLOSE, true, payload);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p, 0, p.length);
        }
        return out.toByteArray();
    }

    /** Reads the unmasked frames a server wrote; fails on a masked or truncated frame. */
    static List<Frame> serverFrames(byte[] bytes) {
        List<Frame> frames = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(bytes);
        while (in.hasRemaining()) {
            int b0 = in.get() & 0xFF;
            int b1 = in.get() & 0xFF;
            if ((b1 & 0x80) != 0) {
                throw new AssertionError("a server frame must not be masked");
            }
            long len = b1 & 0x7F;
            if (len == 126) {
                len = in.getShort() & 0xFFFF;
            } else if (len == 127) {
                len = in.getLong();
            }
            byte[] payload = new byte[(int) len];
            in.get(payload);
            frames.add(new Frame(b0 & 0x0F, (b0 & 0x80) != 0, payload));
        }
        return frames;
    }
}
