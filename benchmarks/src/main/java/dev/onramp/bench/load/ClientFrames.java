package dev.onramp.bench.load;

import java.nio.ByteBuffer;

/** Writes masked client frames (RFC 6455 §5.2, §5.3). Used when a connection is set up, never per message. */
final class ClientFrames {

    /** Bytes a masked frame with {@code payloadLength} bytes of payload takes on the wire. */
    static int frameLength(int payloadLength) {
        int header = payloadLength < 126 ? 2 : payloadLength < 65536 ? 4 : 10;
        return header + 4 + payloadLength;
    }

    /** Appends one final, masked frame carrying {@code payload} to {@code out}. */
    static void write(ByteBuffer out, int opcode, byte[] payload, int maskKey) {
        out.put((byte) (0x80 | opcode));
        int n = payload.length;
        if (n < 126) {
            out.put((byte) (0x80 | n));
        } else if (n < 65536) {
            out.put((byte) (0x80 | 126)).putShort((short) n);
        } else {
            out.put((byte) (0x80 | 127)).putLong(n);
        }
        out.putInt(maskKey);
        for (int i = 0; i < n; i++) {
            out.put((byte) (payload[i] ^ (maskKey >>> (24 - 8 * (i & 3)))));
        }
    }

    /** A close frame with status 1000 and no reason. */
    static void writeClose(ByteBuffer out, int maskKey) {
        write(out, FrameScanner.CLOSE, new byte[] {0x03, (byte) 0xE8}, maskKey);
    }

    private ClientFrames() {
    }
}
