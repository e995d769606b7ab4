package dev.onramp.websocket.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

class MessageBufferTest {

    @Test
    void growsWithTheMessageAndNeverStartsAtTheLimit() {
        MessageBuffer buffer = new MessageBuffer();
        assertThat(buffer.capacity()).isZero();
        buffer.append(ByteBuffer.wrap(new byte[10]));
        assertThat(buffer.capacity()).isLessThanOrEqualTo(1024);
        for (int i = 0; i < 200; i++) {
            buffer.append(ByteBuffer.wrap(new byte[10]));
        }
        assertThat(buffer.length()).isEqualTo(2010);
        assertThat(buffer.capacity()).isBetween(2010, 4096);
    }

    @Test
    void aReservedMessageIsCollectedWithoutRegrowing() {
        MessageBuffer buffer = new MessageBuffer();
        buffer.reserve(1 << 20);
        assertThat(buffer.capacity()).isEqualTo(1 << 20);
        for (int i = 0; i < 32; i++) {
            buffer.append(ByteBuffer.wrap(new byte[32 * 1024]));
        }
        assertThat(buffer.capacity()).isEqualTo(1 << 20);
        ByteBuffer message = buffer.detach();
        assertThat(message.remaining()).isEqualTo(1 << 20);
        assertThat(buffer.capacity()).isZero();
    }
}
