package dev.onramp.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 6455 frames written and read by hand, independent of Onramp's own writer and parser, so a test of the engine
 * does not check the engine against itself: masked frames as a client sends them, unmasked ones as a server sends
 * them, and readers for both.
 */
public final class Frames {

    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    /** The mask key of {@link #client(int, boolean, byte[])}: any key will do (RFC 6455 §5.3). */
    private static final byte[] KEY = {0x37, (byte) 0xfa, 0x21, 0x3d};

    /** One frame as read: its opcode, FIN bit and (unmasked) payload. */
    public record Frame(int opcode, boolean fin, byte[] payload) {
        /** The payload as UTF-8. */
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** A close frame's code: 1005 when it carries none. */
        public int closeCode() {
            return payload.length < 2 ? 1005 : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }
    }

    private Frames() {
    }

    /** A client's frame: masked with a fixed key, the length in the shortest form. */
    public static byte[] client(int opcode, boolean fin, byte[] payload) {
        return frame(opcode, fin, payload, KEY);
    }

    /** A client's final text frame. */
    public static byte[] clientText(String text) {
        return client(TEXT, true, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A client's close frame with a code and a reason. */
    public static byte[] clientClose(int code, String reason) {
        return client(CLOSE, true, closePayload(code, reason));
    }

    /** A server's frame: unmasked, the length in the shortest form. */
    public static byte[] server(int opcode, boolean fin, byte[] payload) {
        return frame(opcode, fin, payload, null);
    }

    /** A frame masked with {@code maskKey} (4 bytes), or unmasked when it is null. */
    public static byte[] frame(int opcode, boolean fin, byte[] payload, byte[] maskKey) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 14);
        out.write((fin ? 0x80 : 0) | opcode);
        int maskBit = maskKey == null ? 0 : 0x80;
        int n = payload.length;
        if (n < 126) {
            out.write(maskBit | n);
        } else if (n < 65536) {
            out.write(maskBit | 126);
            out.write(n >>> 8);
            out.write(n & 0xFF);
        } else {
            out.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (((long) n >>> shift) & 0xFF));
            }
        }
        if (maskKey == null) {
            out.write(payload, 0, n);
        } else {
            out.write(maskKey, 0, 4);
            for (int i = 0; i < n; i++) {
                out.write(payload[i] ^ maskKey[i & 3]);
            }
        }
        return out.toByteArray();
    }

    /** A close frame's payload: the code, then the reason in UTF-8. */
    public static byte[] closePayload(int code, String reason) {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + r.length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(r, 0, payload, 2, r.length);
        return payload;
    }

    /** The parts, one after the other. */
    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p, 0, p.length);
        }
        return out.toByteArray();
    }

    /**
     * The complete frames a server wrote (unmasked; a masked one fails the test), in order. Bytes of a frame not yet
     * complete at the end are left out, so a test may read while the server is still writing.
     */
    public static List<Frame> serverFrames(byte[] bytes) {
        List<Frame> frames = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(bytes);
        while (in.remaining() >= 2) {
            int start = in.position();
            int b0 = in.get() & 0xFF;
            int b1 = in.get() & 0xFF;
            if ((b1 & 0x80) != 0) {
                throw new AssertionError("a server frame must not be masked (at byte " + start + ")");
            }
            long len = b1 & 0x7F;
            int lengthBytes = len == 126 ? 2 : len == 127 ? 8 : 0;
            if (in.remaining() < lengthBytes) {
                break;
            }
            if (len == 126) {
                len = in.getShort() & 0xFFFF;
            } else if (len == 127) {
                len = in.getLong();
            }
            if (in.remaining() < len) {
                break;
            }
            byte[] payload = new byte[Math.toIntExact(len)];
            in.get(payload);
            frames.add(new Frame(b0 & 0x0F, (b0 & 0x80) != 0, payload));
        }
        return frames;
    }

    /** Reads one frame from a stream: a server's (unmasked), or a client's with its mask removed. */
    public static Frame read(DataInputStream in) throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long len = b1 & 0x7F;
        if (len == 126) {
            len = in.readUnsignedShort();
        } else if (len == 127) {
            len = in.readLong();
        }
        byte[] key = null;
        if ((b1 & 0x80) != 0) {
            key = new byte[4];
            in.readFully(key);
        }
        byte[] payload = new byte[Math.toIntExact(len)];
        in.readFully(payload);
        if (key != null) {
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= key[i & 3];
            }
        }
        return new Frame(b0 & 0x0F, (b0 & 0x80) != 0, payload);
    }
}
