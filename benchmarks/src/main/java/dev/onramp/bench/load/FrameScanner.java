package dev.onramp.bench.load;

import java.nio.ByteBuffer;

/**
 * Finds message boundaries in the bytes a server sends, without copying or looking at payloads: the load generator
 * only needs to know that an echo arrived, its opcode and its length. Accepts input chopped at any byte and masked
 * frames too (the raw TCP echo returns the client's masked frames as they were sent). Allocates nothing.
 */
final class FrameScanner {

    /** Receives what the scanner finds; called on the scanning thread. */
    interface Listener {
        /** A whole data message (all its fragments) has arrived. */
        void onMessage(int opcode, long length);

        /** A close frame has arrived: its status code, or 1005 when it carries none (the reason is skipped). */
        void onClose(int code);
    }

    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;

    private static final int FIRST = 0;
    private static final int SECOND = 1;
    private static final int LENGTH = 2;
    private static final int MASK = 3;
    private static final int PAYLOAD = 4;

    private int state = FIRST;
    private boolean fin;
    private int opcode;
    private boolean masked;
    private int lengthBytesLeft;
    private long length;
    private int maskBytesLeft;
    private long payloadLeft;
    private final byte[] maskKey = new byte[4];
    private int closeCode;
    private int closeBytes;
    private int messageOpcode;
    private long messageLength;

    /** Consumes every remaining byte of {@code in}. */
    void scan(ByteBuffer in, Listener listener) {
        while (in.hasRemaining()) {
            switch (state) {
                case FIRST -> {
                    int b = in.get();
                    fin = (b & 0x80) != 0;
                    opcode = b & 0x0F;
                    state = SECOND;
                }
                case SECOND -> {
                    int b = in.get();
                    masked = (b & 0x80) != 0;
                    int len7 = b & 0x7F;
                    length = 0;
                    if (len7 == 126) {
                        lengthBytesLeft = 2;
                        state = LENGTH;
                    } else if (len7 == 127) {
                        lengthBytesLeft = 8;
                        state = LENGTH;
                    } else {
                        length = len7;
                        afterLength(in, listener);
                    }
                }
                case LENGTH -> {
                    length = (length << 8) | (in.get() & 0xFF);
                    if (--lengthBytesLeft == 0) {
                        afterLength(in, listener);
                    }
                }
                case MASK -> {
                    maskKey[4 - maskBytesLeft] = in.get();
                    if (--maskBytesLeft == 0) {
                        startPayload(listener);
                    }
                }
                case PAYLOAD -> {
                    if (opcode == CLOSE && closeBytes < 2) {
                        // the status code: the first two payload bytes (unmasked when the TCP echo returns ours)
                        int b = in.get() & 0xFF;
                        if (masked) {
                            b ^= maskKey[closeBytes] & 0xFF;
                        }
                        closeCode = (closeCode << 8) | b;
                        closeBytes++;
                        if (--payloadLeft == 0) {
                            endFrame(listener);
                        }
                        continue;
                    }
                    int skip = (int) Math.min(payloadLeft, in.remaining());
                    in.position(in.position() + skip);
                    payloadLeft -= skip;
                    if (payloadLeft == 0) {
                        endFrame(listener);
                    }
                }
                default -> throw new IllegalStateException("state " + state);
            }
        }
    }

    private void afterLength(ByteBuffer in, Listener listener) {
        if (masked) {
            maskBytesLeft = 4;
            state = MASK;
        } else {
            startPayload(listener);
        }
    }

    private void startPayload(Listener listener) {
        payloadLeft = length;
        closeCode = 0;
        closeBytes = 0;
        if (opcode < CLOSE) {
            if (opcode != 0) {
                messageOpcode = opcode;
            }
            messageLength += length;
        }
        if (payloadLeft == 0) {
            endFrame(listener);
        } else {
            state = PAYLOAD;
        }
    }

    private void endFrame(Listener listener) {
        state = FIRST;
        if (opcode == CLOSE) {
            listener.onClose(closeBytes == 2 ? closeCode : 1005);
        } else if (opcode < CLOSE && fin) {
            long total = messageLength;
            messageLength = 0;
            listener.onMessage(messageOpcode, total);
        }
        // pings and pongs are ignored: the servers under test send none unprompted
    }
}
