package dev.onramp.websocket.protocol;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Any input yields events or a {@link ProtocolException} with 1002, 1007 or 1009: never another exception, never
 * a broken piece sequence (the {@link Recorder} checks first/last), never a message over the limit.
 *
 * <p>Input layout: byte 0 = control (bit 0: install the RSV1 test codec; bits 1-7: piece size, 0 = whole input),
 * the rest = bytes on the wire. In plain {@code mvn verify} this runs the seeds under
 * {@code src/test/resources/dev/onramp/websocket/protocol/FrameParserFuzzTestInputs/<method>/}; fuzz for real with
 * {@code JAZZER_FUZZ=1 mvn -pl api-impl test -Dtest=FrameParserFuzzTest#asServer}.
 */
class FrameParserFuzzTest {
    private static final long LIMIT = 100;

    @FuzzTest(maxDuration = "60s")
    void asServer(byte[] input) {
        check(Role.SERVER, input);
    }

    @FuzzTest(maxDuration = "60s")
    void asClient(byte[] input) {
        check(Role.CLIENT, input);
    }

    private static void check(Role role, byte[] input) {
        if (input.length == 0) {
            return;
        }
        int control = input[0] & 0xFF;
        int pieceSize = control >>> 1;
        Recorder recorder = new Recorder();
        FrameParser parser = new FrameParser(role, recorder);
        parser.setMaxMessageSize(LIMIT, LIMIT);
        if ((control & 1) != 0) {
            parser.setExtensions(List.of(new XorCodec(true)));
        }
        try {
            int offset = 1;
            while (offset < input.length) {
                int n = pieceSize == 0 ? input.length - offset : Math.min(pieceSize, input.length - offset);
                ByteBuffer in = ByteBuffer.wrap(input.clone(), offset, n).slice();
                while (parser.parse(in)) {
                    // the recorder never pauses
                }
                if (in.hasRemaining()) {
                    throw new AssertionError("parse left input unconsumed");
                }
                offset += n;
            }
        } catch (ProtocolException e) {
            int code = e.closeCode();
            if (code != CloseCodes.PROTOCOL_ERROR && code != CloseCodes.INVALID_PAYLOAD
                    && code != CloseCodes.MESSAGE_TOO_BIG) {
                throw new AssertionError("unexpected close code " + code, e);
            }
        }
        if (recorder.largestMessage > LIMIT) {
            throw new AssertionError("delivered a message of " + recorder.largestMessage + " bytes");
        }
    }
}
