package dev.onramp.bench.load;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FrameScannerTest {

    /** Records what the scanner reports as "opcode:length" and "close". */
    private static final class Recorder implements FrameScanner.Listener {
        final List<String> events = new ArrayList<>();

        @Override
        public void onMessage(int opcode, long length) {
            events.add(opcode + ":" + length);
        }

        @Override
        public void onClose(int code) {
            events.add("close " + code);
        }
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private static List<String> scanWhole(byte[] wire) {
        Recorder r = new Recorder();
        new FrameScanner().scan(ByteBuffer.wrap(wire), r);
        return r.events;
    }

    private static List<String> scanBytewise(byte[] wire) {
        Recorder r = new Recorder();
        FrameScanner scanner = new FrameScanner();
        for (byte b : wire) {
            scanner.scan(ByteBuffer.wrap(new byte[] {b}), r);
        }
        return r.events;
    }

    @Test
    void unmaskedServerTextFrame() {
        byte[] wire = bytes(0x81, 0x05, 'H', 'e', 'l', 'l', 'o');
        assertThat(scanWhole(wire)).containsExactly("1:5");
        assertThat(scanBytewise(wire)).containsExactly("1:5");
    }

    @Test
    void maskedFrameAsTheTcpEchoReturnsIt() {
        // RFC 6455 §5.7: a single-frame masked text message "Hello"
        byte[] wire = bytes(0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58);
        assertThat(scanBytewise(wire)).containsExactly("1:5");
    }

    @Test
    void sixteenAndSixtyFourBitLengths() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes(0x82, 126, 0x01, 0x00));
        out.writeBytes(new byte[256]);
        out.writeBytes(bytes(0x82, 127, 0, 0, 0, 0, 0, 0x01, 0x00, 0x00));
        out.writeBytes(new byte[65536]);
        byte[] wire = out.toByteArray();
        assertThat(scanWhole(wire)).containsExactly("2:256", "2:65536");
        assertThat(scanBytewise(wire)).containsExactly("2:256", "2:65536");
    }

    @Test
    void fragmentedMessageWithInterleavedPingIsOneMessage() {
        byte[] wire = bytes(
                0x01, 0x02, 'a', 'b',      // text, not final
                0x89, 0x01, 'p',           // ping in between: ignored
                0x00, 0x01, 'c',           // continuation, not final
                0x80, 0x00,                // empty final continuation
                0x82, 0x00);               // then an empty binary message
        assertThat(scanWhole(wire)).containsExactly("1:3", "2:0");
        assertThat(scanBytewise(wire)).containsExactly("1:3", "2:0");
    }

    @Test
    void closeFrameIsReported() {
        byte[] wire = bytes(0x88, 0x04, 0x03, 0xF3, 'h', 'i', 0x88, 0x00);
        assertThat(scanBytewise(wire)).containsExactly("close 1011", "close 1005");
    }

    @Test
    void clientFramesRoundTripThroughTheScanner() {
        ByteBuffer out = ByteBuffer.allocate(ClientFrames.frameLength(70_000) + ClientFrames.frameLength(64)
                + ClientFrames.frameLength(2));
        ClientFrames.write(out, FrameScanner.BINARY, new byte[70_000], 0x12345678);
        ClientFrames.write(out, FrameScanner.TEXT, new byte[64], 0x12345678);
        ClientFrames.writeClose(out, 7);
        assertThat(out.hasRemaining()).isFalse();
        assertThat(scanWhole(out.array())).containsExactly("2:70000", "1:64", "close 1000");
    }
}
