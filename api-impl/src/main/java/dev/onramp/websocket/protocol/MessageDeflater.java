package dev.onramp.websocket.protocol;

import java.nio.ByteBuffer;
import java.util.zip.Deflater;

/**
 * The sending half of permessage-deflate (RFC 7692 §7.2.1): each call compresses all the input it gets and ends
 * with a sync flush, so a frame carries everything its part of the message holds; the message's last call removes
 * the flush's trailing 0x00 0x00 0xff 0xff (or, when the flush had nothing to add, sends the single 0x00 that
 * §7.2.3.6 describes, which with the receiver's four octets forms an empty stored block).
 *
 * <p>Huffman-only coding is used when the peer limits this end's window below the 15 bits java.util.zip works
 * with (see {@link DeflateParameters}). The {@link Deflater} (native memory) is created on the first compressed
 * message and ended by {@link #release}, which may run on another thread: the methods are synchronized.
 */
final class MessageDeflater {
    private static final int INITIAL_OUTPUT = 4 * 1024;
    /** A larger output buffer is not kept between messages: one big message must not pin memory for good. */
    private static final int KEPT_OUTPUT = 64 * 1024;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();
    private static final byte[] NO_INPUT = new byte[0];

    private final boolean noContextTakeover;
    private final boolean huffmanOnly;
    private final int level;
    private Deflater deflater;
    private ByteBuffer out = ByteBuffer.allocate(0);
    private boolean messageOpen;
    private boolean released;

    /**
     * @param noContextTakeover compress each message on its own
     * @param huffmanOnly       emit no LZ77 back-references (the peer allows less than a 15-bit window)
     * @param level             a {@link Deflater} compression level
     */
    MessageDeflater(boolean noContextTakeover, boolean huffmanOnly, int level) {
        this.noContextTakeover = noContextTakeover;
        this.huffmanOnly = huffmanOnly;
        this.level = level;
    }

    synchronized void start() {
        ensureOpen();
        if (deflater == null) {
            deflater = new Deflater(level, true);
            if (huffmanOnly) {
                deflater.setStrategy(Deflater.HUFFMAN_ONLY);
            }
        }
        messageOpen = true;
    }

    /** See {@link ExtensionCodec#encode}; consumes all of {@code in} at once. */
    synchronized ByteBuffer encode(ByteBuffer in, boolean endOfMessage) {
        ensureOpen();
        if (!in.hasRemaining() && !(endOfMessage && messageOpen)) {
            return EMPTY;
        }
        if (out.capacity() > KEPT_OUTPUT || out.capacity() == 0) {
            out = ByteBuffer.allocate(Math.max(INITIAL_OUTPUT, Math.min(in.remaining() / 2, KEPT_OUTPUT)));
        }
        out.clear();
        if (in.hasRemaining()) {
            deflater.setInput(in);
            while (!deflater.needsInput()) {
                room();
                deflater.deflate(out, Deflater.NO_FLUSH);
            }
            deflater.setInput(NO_INPUT); // drop the reference to the application's buffer
        }
        do {
            room();
            deflater.deflate(out, Deflater.SYNC_FLUSH);
        } while (!out.hasRemaining()); // a full buffer may hold back more of the flush
        if (endOfMessage) {
            endMessage();
        }
        out.flip();
        return out;
    }

    private void endMessage() {
        int n = out.position();
        if (n >= 4 && out.get(n - 4) == 0 && out.get(n - 3) == 0 && out.get(n - 2) == (byte) 0xff
                && out.get(n - 1) == (byte) 0xff) {
            out.position(n - 4);
        } else if (n == 0) {
            room();
            out.put((byte) 0);
        } else {
            throw new IllegalStateException("a sync flush did not end with an empty stored block");
        }
        messageOpen = false;
        if (noContextTakeover) {
            deflater.reset();
        }
    }

    /**
     * Output already produced will not be sent: later messages must not refer back into it. A reset compressor
     * refers only to what it compressed since, which the peer will see, so its stream stays decodable.
     */
    synchronized void forgetContext() {
        messageOpen = false;
        if (deflater != null) {
            deflater.reset();
        }
    }

    /** Makes sure the output buffer has room for some more bytes, growing it when it is (nearly) full. */
    private void room() {
        if (out.remaining() >= 64) {
            return;
        }
        ByteBuffer bigger = ByteBuffer.allocate(out.capacity() * 2 + 64);
        out.flip();
        bigger.put(out);
        out = bigger;
    }

    private void ensureOpen() {
        if (released) {
            throw new IllegalStateException("the connection is closed");
        }
    }

    /** Ends the deflater; later calls throw IllegalStateException. */
    synchronized void release() {
        released = true;
        if (deflater != null) {
            deflater.end();
            deflater = null;
        }
    }
}
