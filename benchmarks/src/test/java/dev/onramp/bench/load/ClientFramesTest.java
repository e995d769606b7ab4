package dev.onramp.bench.load;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ClientFramesTest {

    @Test
    void masksAsInTheRfcExample() {
        ByteBuffer out = ByteBuffer.allocate(ClientFrames.frameLength(5));
        ClientFrames.write(out, FrameScanner.TEXT, "Hello".getBytes(StandardCharsets.US_ASCII), 0x37fa213d);
        assertThat(out.array()).containsExactly(0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58);
    }

    @Test
    void headerGrowsAtTheRfcBoundaries() {
        assertThat(ClientFrames.frameLength(125)).isEqualTo(2 + 4 + 125);
        assertThat(ClientFrames.frameLength(126)).isEqualTo(4 + 4 + 126);
        assertThat(ClientFrames.frameLength(65535)).isEqualTo(4 + 4 + 65535);
        assertThat(ClientFrames.frameLength(65536)).isEqualTo(10 + 4 + 65536);
    }
}
