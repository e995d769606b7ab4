package dev.onramp.websocket.protocol;

import java.nio.ByteBuffer;

/**
 * A test extension that claims RSV1 and XORs payload bytes with 0x5A, moving at most 7 bytes per call so that the
 * parser's pull loop, partial consumption and pause inside a codec chunk are exercised. On end of message it emits
 * one trailing byte '!' per message when {@code trailer} is set (to prove output after the last input byte).
 */
final class XorCodec implements ExtensionCodec {
    private final ByteBuffer out = ByteBuffer.allocate(7);
    private final boolean trailer;
    private boolean trailerPending;
    int startedInbound;

    XorCodec(boolean trailer) {
        this.trailer = trailer;
    }

    @Override
    public int rsvBits() {
        return 0b100;
    }

    @Override
    public void startInbound(int opcode, int rsv) {
        startedInbound++;
        trailerPending = trailer;
    }

    @Override
    public ByteBuffer decode(ByteBuffer in, boolean endOfMessage) {
        return transform(in, endOfMessage);
    }

    @Override
    public int startOutbound(int opcode) {
        trailerPending = false;
        return 0b100;
    }

    @Override
    public ByteBuffer encode(ByteBuffer in, boolean endOfMessage) {
        out.clear();
        while (in.hasRemaining() && out.hasRemaining()) {
            out.put((byte) (in.get() ^ 0x5A));
        }
        return out.flip();
    }

    private ByteBuffer transform(ByteBuffer in, boolean endOfMessage) {
        out.clear();
        while (in.hasRemaining() && out.hasRemaining()) {
            out.put((byte) (in.get() ^ 0x5A));
        }
        if (endOfMessage && !in.hasRemaining() && out.position() == 0 && trailerPending) {
            trailerPending = false;
            out.put((byte) '!');
        }
        return out.flip();
    }

    static byte[] xor(byte[] b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = (byte) (b[i] ^ 0x5A);
        }
        return r;
    }
}
