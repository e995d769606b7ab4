package dev.onramp.sample;

import dev.onramp.sample.ServerUnderTest.Kind;
import dev.onramp.testing.Frames;
import dev.onramp.testing.JdkClient;
import dev.onramp.testing.RawWebSocket;
import dev.onramp.testing.TestThreads;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 4: a 16 MiB blocking send from {@code @OnMessage} (the sample's echo returns the message, which the
 * container sends on the basic remote) to a client that reads nothing for two seconds, then reads. The send must
 * wait for the client without deadlocking any thread, and the whole message must arrive. 16 MiB is several times
 * what loopback socket buffers hold, so the server's writes really stall while the client does not read.
 */
class SlowReaderIT {

    private static final int SIZE = EchoEndpoint.MAX_MESSAGE;
    /** How long the client holds off reading; a scenario, not a wait for anything. */
    private static final long HOLD_OFF_MS = 2_000;
    @RegisterExtension
    static final ServersPerContainer SERVERS = new ServersPerContainer();

    private static byte[] payload() {
        byte[] payload = new byte[SIZE];
        new Random(4).nextBytes(payload);
        return payload;
    }

    /** The JDK client with its demand at zero until two seconds after the send: it takes no frame meanwhile. */
    @ParameterizedTest
    @MethodSource("dev.onramp.sample.ServersPerContainer#containers")
    void aSixteenMebibyteEchoWaitsForAJdkClientThatRequestsNothingForTwoSeconds(Kind kind) throws Exception {
        HeldOffClient client = new HeldOffClient();
        JdkClient.connect(SERVERS.get(kind).ws("/echo"), client);
        client.echoAfterHoldingOff(payload(), HOLD_OFF_MS);
    }

    /** A raw socket that sends one 16 MiB frame and does not call read() for two seconds. */
    @ParameterizedTest
    @MethodSource("dev.onramp.sample.ServersPerContainer#containers")
    void aSixteenMebibyteEchoWaitsForARawSocketThatDoesNotReadForTwoSeconds(Kind kind) throws Exception {
        byte[] payload = payload();
        try (RawWebSocket socket = RawWebSocket.open("127.0.0.1", SERVERS.get(kind).port(),
                ServerUnderTest.CONTEXT + "/echo", "Content-Length: 0")) {
            socket.socket().setSoTimeout(60_000);
            assertThat(socket.upgraded()).as(socket.responseHead()).isTrue();
            socket.send(Frames.client(Frames.BINARY, true, payload));
            // nothing reads the socket until the hold-off has passed
            CompletableFuture<byte[]> echo =
                    TestThreads.supplyAfter(HOLD_OFF_MS, TimeUnit.MILLISECONDS, () -> readMessage(socket, Frames.BINARY));
            assertThat(echo.get(60, TimeUnit.SECONDS)).isEqualTo(payload);
            socket.send(Frames.clientText("after"));
            assertThat(new String(readMessage(socket, Frames.TEXT), StandardCharsets.UTF_8)).isEqualTo("after");
            socket.send(Frames.clientClose(1000, ""));
            assertThat(readMessage(socket, Frames.CLOSE)).containsExactly(0x03, 0xE8);
        }
    }

    /** Reads server frames until a final one, skipping pings and pongs, and returns the message's payload. */
    private static byte[] readMessage(RawWebSocket socket, int expectedOpcode) throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        boolean first = true;
        while (true) {
            Frames.Frame frame = socket.readFrame();
            if (frame.opcode() == Frames.PING || frame.opcode() == Frames.PONG) {
                continue; // a control frame between the fragments
            }
            assertThat(frame.opcode()).isEqualTo(first ? expectedOpcode : Frames.CONTINUATION);
            first = false;
            message.writeBytes(frame.payload());
            if (frame.fin()) {
                return message.toByteArray();
            }
        }
    }
}
