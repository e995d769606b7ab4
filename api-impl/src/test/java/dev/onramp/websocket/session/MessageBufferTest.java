package dev.onramp.websocket.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.ByteBuffer;

class MessageBufferTest {

    private static final int MIB = 1024 * 1024;

    @Test
    void growsWithTheMessageAndNeverStartsAtTheLimit() {
        MessageBuffer buffer = new MessageBuffer();
        assertThat(buffer.capacity()).isZero();
        buffer.append(ByteBuffer.wrap(new byte[10]), 0);
        assertThat(buffer.capacity()).isLessThanOrEqualTo(1024);
        for (int i = 0; i < 200; i++) {
            buffer.append(ByteBuffer.wrap(new byte[10]), 0);
        }
        assertThat(buffer.length()).isEqualTo(2010);
        assertThat(buffer.capacity()).isBetween(2010, 4096);
    }

    /** Issue 12 item 2: a 16 MiB frame header followed by 1 KiB must not make the session hold 16 MiB. */
    @Test
    void aDeclaredLengthReservesAtMostAFirstChunkBeforeItsBytesArrive() {
        MessageBuffer buffer = new MessageBuffer();
        long declared = 16L * MIB - 1;
        buffer.append(ByteBuffer.wrap(new byte[1024]), declared - 1024);
        assertThat(buffer.length()).isEqualTo(1024);
        assertThat(buffer.capacity()).isLessThanOrEqualTo(MessageBuffer.FIRST_CHUNK);
    }

    @ParameterizedTest(name = "reads of {0} bytes: {1} allocation(s)")
    @CsvSource({"65536, 1", "16384, 2"})
    void aDeclaredMessageGrowsWithItsBytesInFewStepsAndEndsExactlyAtItsSize(int read, int allocations) {
        MessageBuffer buffer = new MessageBuffer();
        int grows = 0;
        int capacity = 0;
        int received = 0;
        while (received < MIB) {
            // the first read also carries the frame's 14-byte head
            int n = Math.min(received == 0 ? read - 14 : read, MIB - received);
            received += n;
            buffer.append(ByteBuffer.wrap(new byte[n]), MIB - received);
            if (buffer.capacity() != capacity) {
                grows++;
                capacity = buffer.capacity();
            }
            assertThat(buffer.capacity()).as("capacity after %d bytes", received)
                    .isLessThanOrEqualTo(4 * Math.max(MessageBuffer.FIRST_CHUNK, 8 * received));
        }
        assertThat(buffer.capacity()).isEqualTo(MIB);
        assertThat(grows).as("allocations for a 1 MiB frame").isEqualTo(allocations);
        ByteBuffer message = buffer.detach();
        assertThat(message.remaining()).isEqualTo(MIB);
        assertThat(buffer.capacity()).isZero();
    }
}
