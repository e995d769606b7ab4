package dev.onramp.websocket.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Emits RFC 6455 frames (§5.2): headers with the shortest length form, a fresh mask key per frame for the client
 * role (§5.3), and close payloads (§5.5.1). Holds no per-connection state beyond the role, so one writer may be
 * shared by the threads of a connection as long as each frame's bytes are written in one piece.
 */
public final class FrameWriter {
    /** The longest header: 2 bytes + 8 bytes of 64-bit length + 4 bytes of mask key. */
    public static final int MAX_HEADER_LENGTH = 14;
    /** The longest close reason in UTF-8: 125 bytes of control payload minus the 2-byte code. */
    public static final int MAX_CLOSE_REASON_BYTES = 123;

    private final Role role;

    /** @param role CLIENT masks with MaskKeys.next() per frame, SERVER never masks */
    public FrameWriter(Role role) {
        if (role == null) {
            throw new NullPointerException("role");
        }
        this.role = role;
    }

    /**
     * Writes a frame header (2..14 bytes) into dst and returns the mask key written (0 for the server role; the
     * caller then masks the payload with Masking.mask). rsv = the three RSV bits as 0b100 (RSV1), 0b010, 0b001.
     *
     * @throws IllegalArgumentException for an undefined opcode, RSV bits outside 0b111, a negative length, or a
     *                                  control frame that is fragmented or longer than 125 bytes
     */
    public int writeHeader(ByteBuffer dst, int opcode, boolean fin, int rsv, long payloadLength) {
        if (!Opcode.isDefined(opcode)) {
            throw new IllegalArgumentException("undefined opcode " + Opcode.name(opcode));
        }
        if ((rsv & ~0b111) != 0) {
            throw new IllegalArgumentException("rsv must be within 0b111: " + rsv);
        }
        if (payloadLength < 0) {
            throw new IllegalArgumentException("negative payload length " + payloadLength);
        }
        if (Opcode.isControl(opcode) && (!fin || payloadLength > 125)) {
            throw new IllegalArgumentException("control frames are final and carry at most 125 bytes");
        }
        dst.put((byte) ((fin ? 0x80 : 0) | (rsv << 4) | opcode));
        int maskBit = role.masksOutbound() ? 0x80 : 0;
        if (payloadLength <= 125) {
            dst.put((byte) (maskBit | payloadLength));
        } else if (payloadLength <= 0xFFFF) {
            dst.put((byte) (maskBit | 126));
            dst.putShort((short) payloadLength);
        } else {
            dst.put((byte) (maskBit | 127));
            dst.putLong(payloadLength);
        }
        if (maskBit == 0) {
            return 0;
        }
        int key = MaskKeys.next();
        dst.putInt(key);
        return key;
    }

    /** The length of the header {@link #writeHeader} writes for a payload of this length (2..14 bytes). */
    public int headerLength(long payloadLength) {
        int length = payloadLength <= 125 ? 2 : payloadLength <= 0xFFFF ? 4 : 10;
        return role.masksOutbound() ? length + 4 : length;
    }

    /**
     * One whole frame as buffers for a gathering write: {header, payload}. For the server the payload element is a
     * duplicate of the caller's buffer (no copy; not read-only, so a transport can reach a heap buffer's array); for the client a freshly masked copy. Does not move
     * payload's position.
     */
    public ByteBuffer[] frame(int opcode, boolean fin, int rsv, ByteBuffer payload) {
        int length = payload.remaining();
        ByteBuffer header = ByteBuffer.allocate(MAX_HEADER_LENGTH);
        int key = writeHeader(header, opcode, fin, rsv, length);
        header.flip();
        if (!role.masksOutbound()) {
            return new ByteBuffer[] {header, payload.duplicate()};
        }
        ByteBuffer masked = ByteBuffer.allocate(length);
        Masking.mask(payload.duplicate(), masked, key);
        masked.flip();
        return new ByteBuffer[] {header, masked};
    }

    /**
     * The payload of a close frame: code + UTF-8 reason. IllegalArgumentException if the code may not be sent
     * (CloseCodes.isValidOnWire false) or the reason is longer than 123 bytes in UTF-8.
     */
    public static ByteBuffer closePayload(int code, String reason) {
        if (!CloseCodes.isValidOnWire(code)) {
            throw new IllegalArgumentException("close code " + code + " may not be sent");
        }
        byte[] text = reason == null ? new byte[0] : reason.getBytes(StandardCharsets.UTF_8);
        if (text.length > MAX_CLOSE_REASON_BYTES) {
            throw new IllegalArgumentException("close reason is " + text.length + " bytes in UTF-8, at most "
                    + MAX_CLOSE_REASON_BYTES + " allowed");
        }
        ByteBuffer payload = ByteBuffer.allocate(2 + text.length);
        payload.putShort((short) code).put(text).flip();
        return payload;
    }
}
