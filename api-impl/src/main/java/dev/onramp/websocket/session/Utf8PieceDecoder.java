package dev.onramp.websocket.session;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Decodes the pieces of a text message (already validated UTF-8) into strings for a partial handler. A piece may
 * end inside a code point; its first bytes are carried over and completed by the next piece.
 */
final class Utf8PieceDecoder {

    private final byte[] carry = new byte[3];
    private int carried;

    String decode(ByteBuffer piece, boolean last) {
        int n = piece.remaining();
        byte[] bytes = new byte[carried + n];
        System.arraycopy(carry, 0, bytes, 0, carried);
        piece.get(bytes, carried, n);
        int end = last ? bytes.length : completeLength(bytes);
        carried = bytes.length - end;
        System.arraycopy(bytes, end, carry, 0, carried);
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    /** The length of the longest prefix that ends on a code point boundary. */
    private static int completeLength(byte[] b) {
        int len = b.length;
        // walk back over at most 3 continuation bytes to the lead byte of the last sequence
        for (int i = len - 1; i >= 0 && i >= len - 4; i--) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                return len;
            }
            if (c >= 0xC0) {
                int need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
                return len - i >= need ? len : i;
            }
        }
        return len;
    }

    void reset() {
        carried = 0;
    }
}
