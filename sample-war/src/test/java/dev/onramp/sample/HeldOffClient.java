package dev.onramp.sample;

import dev.onramp.testing.JdkClient;
import dev.onramp.testing.TestThreads;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A JDK client that asks for nothing when the connection opens: it takes no frame until the test asks. */
final class HeldOffClient extends JdkClient {

    @Override
    public void onOpen(WebSocket webSocket) {
        // no request(1)
    }

    /**
     * Sends {@code payload} as one binary message and takes no frame for {@code holdOffMillis} (the scenario, not
     * a wait): the echo must then arrive whole, and the connection still work both ways and close with 1000.
     */
    void echoAfterHoldingOff(byte[] payload, long holdOffMillis) throws Exception {
        socket().sendBinary(ByteBuffer.wrap(payload), true).get(60, TimeUnit.SECONDS);
        TestThreads.runAfter(holdOffMillis, TimeUnit.MILLISECONDS, () -> socket().request(1));
        assertThat((byte[]) next(60)).isEqualTo(payload);
        sendText("after");
        assertThat(next()).isEqualTo("after");
        assertThat(closeNormally()).isEqualTo(1000);
    }
}
