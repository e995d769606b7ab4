package dev.onramp.websocket.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A listener that records whole messages as strings ("TEXT:hello", "BINARY:0a0b", "PING:..", "CLOSE:1000:bye"),
 * independent of how input was chopped, and checks the piece flags' invariants as they arrive.
 */
class Recorder implements FrameListener {
    final List<String> events = new ArrayList<>();
    final List<String> pieces = new ArrayList<>();
    final List<Integer> messageSizes = new ArrayList<>();
    private final ByteArrayOutputStream message = new ByteArrayOutputStream();
    private int openOpcode = -1;
    /** Return value of onMessageData; tests set it to false to pause. */
    boolean demand = true;
    /** Return value of onPong; tests set it to false to pause at pongs. */
    boolean pongDemand = true;
    /** Largest piece and message seen (for the fuzz test's limit check). */
    long largestMessage;

    @Override
    public boolean onMessageData(int opcode, ByteBuffer payload, boolean first, boolean last) {
        if (opcode != Opcode.TEXT && opcode != Opcode.BINARY) {
            throw new AssertionError("data piece with opcode " + opcode);
        }
        if (first != (openOpcode == -1)) {
            throw new AssertionError("first=" + first + " but a message is " + (first ? "open" : "not open"));
        }
        if (!first && opcode != openOpcode) {
            throw new AssertionError("opcode changed inside a message");
        }
        openOpcode = last ? -1 : opcode;
        pieces.add(payload.remaining() + (first ? "F" : "") + (last ? "L" : ""));
        ByteBuffer copy = payload.duplicate();
        while (copy.hasRemaining()) {
            message.write(copy.get());
        }
        largestMessage = Math.max(largestMessage, message.size());
        if (last) {
            byte[] m = message.toByteArray();
            message.reset();
            messageSizes.add(m.length);
            events.add(opcode == Opcode.TEXT
                    ? "TEXT:" + new String(m, StandardCharsets.UTF_8)
                    : "BINARY:" + HexFormat.of().formatHex(m));
        }
        return demand;
    }

    @Override
    public void onPing(ByteBuffer payload) {
        events.add("PING:" + hex(payload));
    }

    @Override
    public boolean onPong(ByteBuffer payload) {
        events.add("PONG:" + hex(payload));
        return pongDemand;
    }

    @Override
    public void onClose(int code, String reason) {
        events.add("CLOSE:" + code + ":" + reason);
    }

    private static String hex(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return HexFormat.of().formatHex(a);
    }
}
