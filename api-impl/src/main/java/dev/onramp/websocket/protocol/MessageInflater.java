package dev.onramp.websocket.protocol;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The receiving half of permessage-deflate (RFC 7692 §7.2.2): raw DEFLATE data of one message in, its bytes out in
 * chunks of at most {@link #CHUNK} bytes, so that whatever a message inflates to, this end never holds more than one
 * chunk of it (the parser checks the message size limit on every chunk before delivering it: a "zip bomb" fails
 * with 1009 after at most limit + one chunk of work, with no memory taken for it).
 *
 * <p>The four octets 0x00 0x00 0xff 0xff the sender removed are fed after the message's last byte. A block with
 * BFINAL set (§7.2.3.5) ends the DEFLATE stream: whatever follows it in the message is ignored and the next message
 * starts a new stream. The {@link Inflater} (native memory) is created on the first compressed message and ended by
 * {@link #release}, which may run on another thread while a decode is under way: the methods are synchronized.
 */
final class MessageInflater {
    /** The largest piece of inflated data handed out at once. */
    static final int CHUNK = 16 * 1024;
    private static final byte[] TAIL = {0x00, 0x00, (byte) 0xff, (byte) 0xff};
    private static final byte[] NO_INPUT = new byte[0];

    private final boolean noContextTakeover;
    private Inflater inflater;
    private ByteBuffer out;
    private boolean released;
    private boolean tailFed;
    private boolean streamEnded;
    /** The message's end was reached: nothing more until the next {@link #start}. */
    private boolean messageDone;

    /** @param noContextTakeover the peer compresses each message on its own: start each one afresh */
    MessageInflater(boolean noContextTakeover) {
        this.noContextTakeover = noContextTakeover;
    }

    synchronized void start() throws ProtocolException {
        if (released) {
            throw new ProtocolException(CloseCodes.GOING_AWAY, "the connection is closed");
        }
        if (inflater == null) {
            inflater = new Inflater(true);
            out = ByteBuffer.allocate(CHUNK);
        }
        tailFed = false;
        streamEnded = false;
        messageDone = false;
    }

    /** See {@link ExtensionCodec#decode}. */
    synchronized ByteBuffer decode(ByteBuffer in, boolean endOfMessage) throws ProtocolException {
        if (released) {
            throw new ProtocolException(CloseCodes.GOING_AWAY, "the connection is closed");
        }
        out.clear();
        while (!messageDone) {
            long readBefore = inflater.getBytesRead();
            if (streamEnded) {
                in.position(in.limit());
                tailFed = true; // nothing more is read from this stream
            } else if (in.hasRemaining()) {
                inflater.setInput(in);
            } else if (endOfMessage && !tailFed) {
                inflater.setInput(TAIL);
                tailFed = true;
            }
            if (!streamEnded) {
                inflate();
            }
            boolean progressed = inflater.getBytesRead() != readBefore;
            if (out.position() > 0) {
                break;
            }
            if (in.hasRemaining()) {
                if (!progressed) {
                    throw new IllegalStateException("the inflater took no input and gave no output");
                }
                continue;
            }
            if (!endOfMessage) {
                break;
            }
            if (!tailFed || progressed && !streamEnded && inflater.getRemaining() > 0) {
                continue;
            }
            endMessage();
            break;
        }
        if (!in.hasRemaining() && !tailFed) {
            inflater.setInput(NO_INPUT); // drop the reference to the caller's buffer
        }
        out.flip();
        return out;
    }

    private void inflate() throws ProtocolException {
        try {
            inflater.inflate(out);
        } catch (DataFormatException e) {
            // RFC 7692 names no code; like invalid UTF-8, the payload is inconsistent with the message's encoding
            throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "invalid compressed data: " + e.getMessage());
        }
        if (inflater.finished()) {
            streamEnded = true;
        } else if (inflater.needsDictionary()) {
            throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "compressed data asks for a preset dictionary");
        }
    }

    private void endMessage() {
        if (noContextTakeover || streamEnded) {
            inflater.reset();
        }
        inflater.setInput(NO_INPUT);
        tailFed = false;
        streamEnded = false;
        messageDone = true;
    }

    /** Ends the inflater; later calls fail with 1001. */
    synchronized void release() {
        released = true;
        if (inflater != null) {
            inflater.end();
            inflater = null;
        }
    }
}
