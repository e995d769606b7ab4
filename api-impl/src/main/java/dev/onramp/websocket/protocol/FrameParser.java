package dev.onramp.websocket.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * An incremental RFC 6455 frame parser: a state machine fed with input chopped at any byte boundary, which unmasks
 * payload in place, validates every rule of §5 (plus UTF-8 of §8.1 and close frames of §5.5.1/§7.4) and reports
 * messages to a {@link FrameListener} as pieces, never waiting for a whole frame and never copying data payload.
 *
 * <p>Any rule broken ends in a {@link ProtocolException} carrying the close code (1002, 1007 or 1009); the parser
 * is dead afterwards. One parser serves one connection and is used by one thread at a time.
 *
 * <p>Data pieces are delivered through one reused view object per input buffer (see {@link FrameListener});
 * control payloads (at most 125 bytes) are collected in one internal buffer so a chopped ping costs no
 * allocation either. In steady state parsing allocates nothing.
 *
 * <p>The parser does not stop at a close frame: it reports it and keeps parsing whatever follows; the session
 * decides (normally it stops reading once the close handshake says so).
 *
 * <p>Why one class of about 500 lines: it is one state machine whose states share the per-frame fields (header
 * bits, remaining length, mask phase, the message in progress) on the hot path; the rules themselves live in small
 * classes of their own ({@link Masking}, {@link Utf8Validator}, {@link CloseCodes}, {@link Opcode}, the extension
 * codecs), and the states are the methods here.
 */
public final class FrameParser {
    private static final int HEADER0 = 0;
    private static final int HEADER1 = 1;
    private static final int EXTENDED_LENGTH = 2;
    private static final int MASKING_KEY = 3;
    private static final int PAYLOAD = 4;

    /** Outcomes of a payload step. */
    private static final int FRAME_DONE = 0;
    private static final int NEED_INPUT = 1;
    private static final int PAUSED = 2;

    private static final int NO_MESSAGE = -1;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();

    private final Role role;
    private final FrameListener listener;
    private final Utf8Validator utf8 = new Utf8Validator();
    private final ByteBuffer control = ByteBuffer.allocate(125);

    private List<ExtensionCodec> codecs = List.of();
    private int claimedRsv;
    private long maxTextBytes = Long.MAX_VALUE;
    private long maxBinaryBytes = Long.MAX_VALUE;

    private int state = HEADER0;
    private ProtocolException failure;

    // The frame being parsed.
    private boolean fin;
    private int rsv;
    private int opcode;
    private boolean masked;
    private long length;
    private int headerBytesLeft;
    private int maskKey;
    private int maskPhase;
    private long remaining;
    private ExtensionCodec frameCodec;
    /** Bytes after the input's position that are already unmasked (a codec stopped inside a chunk). */
    private int unmaskedAhead;

    // The message being parsed.
    private int messageOpcode = NO_MESSAGE;
    private boolean fragmented;
    private boolean firstPiecePending;
    private long messageSize;
    private ExtensionCodec messageCodec;

    // Reused views (see the class comment).
    private ByteBuffer viewSource;
    private ByteBuffer view;
    private ByteBuffer codecInputSource;
    private ByteBuffer codecInput;

    /**
     * @param role     this end of the connection: a SERVER requires masked frames, a CLIENT unmasked ones
     * @param listener receives the parsed events
     */
    public FrameParser(Role role, FrameListener listener) {
        if (role == null || listener == null) {
            throw new NullPointerException("role and listener are required");
        }
        this.role = role;
        this.listener = listener;
    }

    /**
     * Limits on a whole message's payload (sum of its frames, after any extension decoding), in bytes. A frame whose
     * header would take the message over the limit fails with 1009 before any payload is read or buffered (for a
     * message an extension decodes, the decoded size is checked before each piece is delivered).
     * May be changed between messages. Long.MAX_VALUE = no limit.
     */
    public void setMaxMessageSize(long maxTextBytes, long maxBinaryBytes) {
        if (maxTextBytes < 0 || maxBinaryBytes < 0) {
            throw new IllegalArgumentException("negative limit");
        }
        this.maxTextBytes = maxTextBytes;
        this.maxBinaryBytes = maxBinaryBytes;
    }

    /**
     * Installs the negotiated extensions' codecs (in negotiation order); they claim RSV bits, which the parser then
     * accepts on first frames of data messages. Call before the first frame or between messages.
     *
     * @throws IllegalArgumentException if a codec claims no bit or two codecs claim the same bit
     */
    public void setExtensions(List<ExtensionCodec> negotiated) {
        int claimed = 0;
        for (ExtensionCodec codec : negotiated) {
            int bits = codec.rsvBits();
            if (bits == 0 || (bits & ~0b111) != 0 || (bits & claimed) != 0) {
                throw new IllegalArgumentException("invalid or overlapping RSV bits 0b"
                        + Integer.toBinaryString(bits) + " claimed by " + codec);
            }
            claimed |= bits;
        }
        this.codecs = List.copyOf(negotiated);
        this.claimedRsv = claimed;
    }

    /**
     * Parses from in.position() to in.limit(), unmasking payload bytes in place, calling the listener. Returns true
     * if it stopped early because onMessageData or onPong returned false (in.position() is just after that piece or
     * pong frame; call parse
     * again with the same buffer to continue), false when it consumed all input. Input may be chopped at any byte
     * boundary: state is kept across calls. After a ProtocolException the parser is dead (every later call throws
     * the same exception). The input must be writable (masked payload is unmasked in place).
     */
    public boolean parse(ByteBuffer in) throws ProtocolException {
        if (failure != null) {
            throw failure;
        }
        try {
            return parseFrames(in);
        } catch (ProtocolException e) {
            failure = e;
            throw e;
        }
    }

    /**
     * Inside {@link FrameListener#onMessageData}: how many payload bytes of the current frame are still to come after
     * the piece being delivered (0 at the frame's end), so a listener that collects the message can grow its buffer
     * in a few steps. Only a claim of the peer's: a listener must not reserve it before the bytes arrive (a 14-byte
     * head may declare megabytes and send nothing more). 0 for a message an extension decodes (its wire length says
     * nothing about the decoded size).
     */
    public long frameBytesRemaining() {
        return messageCodec != null ? 0 : remaining;
    }

    /** True between the first and the last frame of a fragmented message. */
    public boolean inFragmentedMessage() {
        return fragmented;
    }

    private boolean parseFrames(ByteBuffer in) throws ProtocolException {
        while (true) {
            switch (state) {
                case HEADER0:
                    if (!in.hasRemaining()) {
                        return false;
                    }
                    firstByte(in.get());
                    break;
                case HEADER1:
                    if (!in.hasRemaining()) {
                        return false;
                    }
                    secondByte(in.get());
                    break;
                case EXTENDED_LENGTH:
                    if (!in.hasRemaining()) {
                        return false;
                    }
                    length = (length << 8) | (in.get() & 0xFF);
                    if (--headerBytesLeft == 0) {
                        lengthKnown();
                    }
                    break;
                case MASKING_KEY:
                    if (!in.hasRemaining()) {
                        return false;
                    }
                    maskKey = (maskKey << 8) | (in.get() & 0xFF);
                    if (--headerBytesLeft == 0) {
                        headerComplete();
                    }
                    break;
                default: {
                    int outcome;
                    if (Opcode.isControl(opcode)) {
                        outcome = controlPayload(in);
                    } else if (messageCodec != null) {
                        outcome = decodedPayload(in);
                    } else {
                        outcome = dataPayload(in);
                    }
                    if (outcome == NEED_INPUT) {
                        return false;
                    }
                    if (outcome == PAUSED) {
                        return true;
                    }
                    break;
                }
            }
        }
    }

    private void firstByte(byte b) throws ProtocolException {
        fin = (b & 0x80) != 0;
        rsv = (b >> 4) & 0b111;
        opcode = b & 0x0F;
        if (!Opcode.isDefined(opcode)) {
            throw protocolError("reserved opcode " + Opcode.name(opcode));
        }
        frameCodec = null;
        if (rsv != 0) {
            frameCodec = codecFor(rsv);
        }
        if (Opcode.isControl(opcode)) {
            if (!fin) {
                throw protocolError("fragmented control frame " + Opcode.name(opcode));
            }
        } else if (opcode == Opcode.CONTINUATION) {
            if (messageOpcode == NO_MESSAGE) {
                throw protocolError("continuation frame without a message to continue");
            }
        } else if (messageOpcode != NO_MESSAGE) {
            throw protocolError("new " + Opcode.name(opcode) + " message inside a fragmented message");
        }
        state = HEADER1;
    }

    /** The codec that claims a first data frame's RSV bits; 1002 for any other use of RSV bits. */
    private ExtensionCodec codecFor(int bits) throws ProtocolException {
        if ((bits & ~claimedRsv) != 0) {
            throw protocolError("RSV bits 0b" + Integer.toBinaryString(bits) + " set without a negotiated extension");
        }
        if (opcode != Opcode.TEXT && opcode != Opcode.BINARY) {
            throw protocolError("RSV bits set on a " + Opcode.name(opcode) + " frame");
        }
        for (ExtensionCodec codec : codecs) {
            if ((codec.rsvBits() & bits) == bits) {
                return codec;
            }
        }
        throw protocolError("RSV bits 0b" + Integer.toBinaryString(bits) + " claimed by different extensions");
    }

    private void secondByte(byte b) throws ProtocolException {
        masked = (b & 0x80) != 0;
        if (masked != role.requiresMaskedInbound()) {
            throw protocolError(masked ? "masked frame from a server" : "unmasked frame from a client");
        }
        int length7 = b & 0x7F;
        length = 0;
        if (length7 == 126) {
            headerBytesLeft = 2;
            state = EXTENDED_LENGTH;
        } else if (length7 == 127) {
            headerBytesLeft = 8;
            state = EXTENDED_LENGTH;
        } else {
            length = length7;
            lengthKnown();
        }
    }

    private void lengthKnown() throws ProtocolException {
        if (length < 0) {
            throw protocolError("64-bit payload length with the most significant bit set");
        }
        if (Opcode.isControl(opcode) && length > 125) {
            // checked on the length, not the 7-bit field: a needlessly long length form is tolerated
            throw protocolError("control frame payload longer than 125 bytes");
        }
        if (!Opcode.isControl(opcode) && frameCodec == null && (opcode != Opcode.CONTINUATION || messageCodec == null)) {
            int type = opcode == Opcode.CONTINUATION ? messageOpcode : opcode;
            long limit = type == Opcode.TEXT ? maxTextBytes : maxBinaryBytes;
            long sizeSoFar = opcode == Opcode.CONTINUATION ? messageSize : 0;
            if (length > limit - sizeSoFar) {
                throw new ProtocolException(CloseCodes.MESSAGE_TOO_BIG, Opcode.name(type) + " message of at least "
                        + sizeSoFar + " + " + length + " bytes is over the limit of " + limit + " bytes");
            }
        }
        if (masked) {
            headerBytesLeft = 4;
            maskKey = 0;
            state = MASKING_KEY;
        } else {
            headerComplete();
        }
    }

    private void headerComplete() throws ProtocolException {
        remaining = length;
        maskPhase = 0;
        unmaskedAhead = 0;
        if (Opcode.isControl(opcode)) {
            control.clear();
        } else {
            if (opcode != Opcode.CONTINUATION) {
                messageOpcode = opcode;
                firstPiecePending = true;
                messageSize = 0;
                utf8.reset();
                messageCodec = frameCodec;
                if (frameCodec != null) {
                    frameCodec.startInbound(opcode, rsv);
                }
            }
            fragmented = !fin;
        }
        state = PAYLOAD;
    }

    /** Payload of a data frame that no extension transforms: unmask, validate and deliver a view in place. */
    private int dataPayload(ByteBuffer in) throws ProtocolException {
        int n = (int) Math.min(remaining, in.remaining());
        if (n == 0 && remaining > 0) {
            return NEED_INPUT;
        }
        int from = in.position();
        int to = from + n;
        if (masked) {
            maskPhase = Masking.unmask(in, from, to, maskKey, maskPhase);
        }
        remaining -= n;
        boolean frameDone = remaining == 0;
        boolean last = frameDone && fin;
        int type = messageOpcode;
        if (type == Opcode.TEXT) {
            int bad = utf8.validate(in, from, to);
            if (bad >= 0) {
                in.position(bad + 1);
                throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "invalid UTF-8 in a text message");
            }
            if (last && !utf8.isBoundary()) {
                in.position(to);
                throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "text message ends inside a UTF-8 sequence");
            }
        }
        in.position(to);
        messageSize += n;
        if (frameDone) {
            state = HEADER0;
        }
        if (n == 0 && !last) {
            return FRAME_DONE; // an empty non-final frame carries nothing worth an event
        }
        boolean first = firstPiecePending;
        firstPiecePending = false;
        if (last) {
            endMessage();
        }
        if (!listener.onMessageData(type, view(in, from, to), first, last)) {
            return PAUSED;
        }
        return frameDone ? FRAME_DONE : NEED_INPUT;
    }

    /** Payload of a data message an extension transforms: pull decoded pieces out of the codec. */
    private int decodedPayload(ByteBuffer in) throws ProtocolException {
        while (true) {
            int n = (int) Math.min(remaining, in.remaining());
            int from = in.position();
            if (masked && n > unmaskedAhead) {
                maskPhase = Masking.unmask(in, from + unmaskedAhead, from + n, maskKey, maskPhase);
                unmaskedAhead = n;
            }
            boolean endOfMessage = fin && n == remaining;
            ByteBuffer src = codecInput(in, from, from + n);
            ByteBuffer out = messageCodec.decode(src, endOfMessage);
            int consumed = src.position() - from;
            if (consumed < 0 || consumed > n) {
                throw new IllegalStateException(messageCodec + " moved its input outside the payload");
            }
            in.position(from + consumed);
            remaining -= consumed;
            unmaskedAhead = masked ? n - consumed : 0;
            int type = messageOpcode;
            if (out.hasRemaining()) {
                int size = out.remaining();
                long limit = type == Opcode.TEXT ? maxTextBytes : maxBinaryBytes;
                if (size > limit - messageSize) {
                    throw new ProtocolException(CloseCodes.MESSAGE_TOO_BIG, Opcode.name(type)
                            + " message decodes to more than the limit of " + limit + " bytes");
                }
                messageSize += size;
                if (type == Opcode.TEXT && utf8.validate(out, out.position(), out.limit()) >= 0) {
                    throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "invalid UTF-8 in a text message");
                }
                boolean first = firstPiecePending;
                firstPiecePending = false;
                if (!listener.onMessageData(type, out, first, false)) {
                    return PAUSED;
                }
                continue;
            }
            if (consumed > 0) {
                continue;
            }
            if (n > 0) {
                throw new IllegalStateException(messageCodec + " made no progress");
            }
            if (remaining > 0) {
                return NEED_INPUT;
            }
            state = HEADER0;
            if (!fin) {
                return FRAME_DONE;
            }
            if (type == Opcode.TEXT && !utf8.isBoundary()) {
                throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "text message ends inside a UTF-8 sequence");
            }
            boolean first = firstPiecePending;
            firstPiecePending = false;
            endMessage();
            return listener.onMessageData(type, EMPTY, first, true) ? FRAME_DONE : PAUSED;
        }
    }

    private void endMessage() {
        messageOpcode = NO_MESSAGE;
        fragmented = false;
        messageCodec = null;
    }

    /** Control payload: collected (at most 125 bytes) until complete, then delivered. */
    private int controlPayload(ByteBuffer in) throws ProtocolException {
        int n = (int) Math.min(remaining, in.remaining());
        if (n > 0) {
            int from = in.position();
            if (masked) {
                maskPhase = Masking.unmask(in, from, from + n, maskKey, maskPhase);
            }
            int savedLimit = in.limit();
            in.limit(from + n);
            control.put(in);
            in.limit(savedLimit);
            remaining -= n;
        }
        if (remaining > 0) {
            return NEED_INPUT;
        }
        control.flip();
        state = HEADER0;
        switch (opcode) {
            case Opcode.PING:
                listener.onPing(control);
                break;
            case Opcode.PONG:
                if (!listener.onPong(control)) {
                    return PAUSED;
                }
                break;
            default:
                closeFrame(control);
                break;
        }
        return FRAME_DONE;
    }

    private void closeFrame(ByteBuffer payload) throws ProtocolException {
        int size = payload.remaining();
        if (size == 0) {
            listener.onClose(CloseCodes.NO_STATUS_CODE, "");
            return;
        }
        if (size == 1) {
            throw protocolError("close frame with a 1-byte payload");
        }
        int code = payload.getShort() & 0xFFFF;
        if (!CloseCodes.isValidOnWire(code)) {
            throw protocolError("close code " + code + " may not be sent");
        }
        if (!Utf8Validator.isValid(payload)) {
            throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "invalid UTF-8 in a close reason");
        }
        String reason = StandardCharsets.UTF_8.decode(payload).toString();
        listener.onClose(code, reason);
    }

    private ByteBuffer view(ByteBuffer in, int from, int to) {
        if (viewSource != in) {
            view = in.duplicate();
            viewSource = in;
        }
        view.limit(to).position(from);
        return view;
    }

    private ByteBuffer codecInput(ByteBuffer in, int from, int to) {
        if (codecInputSource != in) {
            codecInput = in.duplicate();
            codecInputSource = in;
        }
        codecInput.limit(to).position(from);
        return codecInput;
    }

    private static ProtocolException protocolError(String message) {
        return new ProtocolException(CloseCodes.PROTOCOL_ERROR, message);
    }
}
