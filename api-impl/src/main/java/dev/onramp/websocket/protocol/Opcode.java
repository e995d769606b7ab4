package dev.onramp.websocket.protocol;

/**
 * Frame opcodes of RFC 6455 §5.2 as plain {@code int} constants, so the parser's hot path never boxes or switches
 * over an enum. Opcodes 0x3-0x7 and 0xB-0xF are reserved and rejected by {@link FrameParser}.
 */
public final class Opcode {
    /** A continuation frame of a fragmented message. */
    public static final int CONTINUATION = 0x0;
    /** The first frame of a text message. */
    public static final int TEXT = 0x1;
    /** The first frame of a binary message. */
    public static final int BINARY = 0x2;
    /** A close frame. */
    public static final int CLOSE = 0x8;
    /** A ping frame. */
    public static final int PING = 0x9;
    /** A pong frame. */
    public static final int PONG = 0xA;

    private Opcode() {
    }

    /** Whether {@code opcode} is a control opcode (most significant bit of the 4-bit opcode set, §5.5). */
    public static boolean isControl(int opcode) {
        return (opcode & 0x8) != 0;
    }

    /** Whether {@code opcode} is one of the six opcodes RFC 6455 defines. */
    public static boolean isDefined(int opcode) {
        return opcode == CONTINUATION || opcode == TEXT || opcode == BINARY
                || opcode == CLOSE || opcode == PING || opcode == PONG;
    }

    /** A readable name for logs and messages, e.g. {@code "TEXT"} or {@code "RESERVED(0x3)"}. */
    public static String name(int opcode) {
        switch (opcode) {
            case CONTINUATION: return "CONTINUATION";
            case TEXT: return "TEXT";
            case BINARY: return "BINARY";
            case CLOSE: return "CLOSE";
            case PING: return "PING";
            case PONG: return "PONG";
            default: return "RESERVED(0x" + Integer.toHexString(opcode) + ")";
        }
    }
}
