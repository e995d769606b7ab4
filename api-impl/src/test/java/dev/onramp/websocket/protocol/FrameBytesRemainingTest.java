package dev.onramp.websocket.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

class FrameBytesRemainingTest {

    @Test
    void tellsTheListenerHowMuchOfTheFrameIsStillToCome() throws ProtocolException {
        List<Long> seen = new ArrayList<>();
        FrameParser[] parser = new FrameParser[1];
        parser[0] = new FrameParser(Role.CLIENT, new FrameListener() {
            @Override
            public boolean onMessageData(int opcode, ByteBuffer payload, boolean first, boolean last) {
                seen.add(parser[0].frameBytesRemaining());
                return true;
            }

            @Override
            public void onPing(ByteBuffer payload) {
            }

            @Override
            public boolean onPong(ByteBuffer payload) {
                return true;
            }

            @Override
            public void onClose(int code, String reason) {
            }
        });
        byte[] frame = new byte[2 + 10];
        frame[0] = (byte) 0x82;
        frame[1] = 10;
        parser[0].parse(ByteBuffer.wrap(frame, 0, 5));   // header + 3 payload bytes
        parser[0].parse(ByteBuffer.wrap(frame, 5, 4));   // 4 more
        parser[0].parse(ByteBuffer.wrap(frame, 9, 3));   // the last 3
        assertThat(seen).containsExactly(7L, 3L, 0L);
    }
}
