package dev.onramp.websocket.protocol;

import java.nio.ByteBuffer;
import java.util.zip.Deflater;

/**
 * The permessage-deflate extension of RFC 7692 as an {@link ExtensionCodec}: RSV1 marks a compressed message on its
 * first frame; every outbound data message is compressed. The agreed parameters decide which side resets its
 * compression context after each message and whether this end must avoid back-references
 * ({@link DeflateParameters}). Inbound and outbound halves keep separate state and may run on different threads.
 */
public final class PerMessageDeflate implements ExtensionCodec {
    private static final int RSV1 = 0b100;

    private final MessageInflater inbound;
    private final MessageDeflater outbound;

    /**
     * @param role   this end of the connection
     * @param agreed the parameters the handshake agreed on
     */
    public PerMessageDeflate(Role role, DeflateParameters agreed) {
        this(role, agreed, Deflater.DEFAULT_COMPRESSION);
    }

    /**
     * @param level a {@link Deflater} compression level (0-9, or -1 for zlib's default, 6)
     */
    public PerMessageDeflate(Role role, DeflateParameters agreed, int level) {
        boolean server = role == Role.SERVER;
        boolean peerResets = server ? agreed.clientNoContextTakeover() : agreed.serverNoContextTakeover();
        boolean weReset = server ? agreed.serverNoContextTakeover() : agreed.clientNoContextTakeover();
        int ownWindowBits = server ? agreed.serverMaxWindowBits() : agreed.clientMaxWindowBits();
        this.inbound = new MessageInflater(peerResets);
        this.outbound = new MessageDeflater(weReset, ownWindowBits < 15, level);
    }

    @Override
    public int rsvBits() {
        return RSV1;
    }

    @Override
    public void startInbound(int opcode, int rsv) throws ProtocolException {
        inbound.start();
    }

    @Override
    public ByteBuffer decode(ByteBuffer in, boolean endOfMessage) throws ProtocolException {
        return inbound.decode(in, endOfMessage);
    }

    @Override
    public int startOutbound(int opcode) {
        outbound.start();
        return RSV1;
    }

    @Override
    public ByteBuffer encode(ByteBuffer in, boolean endOfMessage) {
        return outbound.encode(in, endOfMessage);
    }

    @Override
    public void outboundDropped() {
        outbound.forgetContext();
    }

    @Override
    public void release() {
        inbound.release();
        outbound.release();
    }

    @Override
    public String toString() {
        return DeflateParameters.NAME;
    }
}
