package dev.onramp.sample;

import dev.onramp.sample.ServerUnderTest.Kind;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
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
        Clients.HeldOff client = new Clients.HeldOff();
        Clients.Jdk.connect(SERVERS.get(kind).ws("/echo"), client);
        client.echoAfterHoldingOff(payload(), HOLD_OFF_MS);
    }

    /** A raw socket that sends one 16 MiB frame and does not call read() for two seconds. */
    @ParameterizedTest
    @MethodSource("dev.onramp.sample.ServersPerContainer#containers")
    void aSixteenMebibyteEchoWaitsForARawSocketThatDoesNotReadForTwoSeconds(Kind kind) throws Exception {
        byte[] payload = payload();
        try (Socket socket = new Socket("127.0.0.1", SERVERS.get(kind).port())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            out.write(("GET " + ServerUnderTest.CONTEXT + "/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readHead(in)).startsWith("HTTP/1.1 101");
            writeMaskedFrame(out, 0x2, payload);
            // nothing reads the socket until the hold-off has passed
            Executor later = CompletableFuture.delayedExecutor(HOLD_OFF_MS, TimeUnit.MILLISECONDS);
            CompletableFuture<byte[]> echo = CompletableFuture.supplyAsync(() -> {
                try {
                    return readMessage(in, 0x2);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, later);
            assertThat(echo.get(60, TimeUnit.SECONDS)).isEqualTo(payload);
            writeMaskedFrame(out, 0x1, "after".getBytes(StandardCharsets.UTF_8));
            assertThat(new String(readMessage(in, 0x1), StandardCharsets.UTF_8)).isEqualTo("after");
            writeMaskedFrame(out, 0x8, new byte[] {0x03, (byte) 0xE8});
            assertThat(readMessage(in, 0x8)).containsExactly(0x03, 0xE8);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("EOF in the response head: " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }

    /** One final client frame (masked, RFC 6455 §5.3) with a 64-bit or shorter length as the payload needs. */
    private static void writeMaskedFrame(OutputStream out, int opcode, byte[] payload) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(14);
        head.put((byte) (0x80 | opcode));
        if (payload.length <= 125) {
            head.put((byte) (0x80 | payload.length));
        } else if (payload.length <= 0xFFFF) {
            head.put((byte) (0x80 | 126)).putShort((short) payload.length);
        } else {
            head.put((byte) (0x80 | 127)).putLong(payload.length);
        }
        byte[] mask = {0x1f, (byte) 0xa3, 0x5c, 0x07};
        head.put(mask);
        out.write(head.array(), 0, head.position());
        byte[] masked = new byte[payload.length];
        for (int i = 0; i < payload.length; i++) {
            masked[i] = (byte) (payload[i] ^ mask[i & 3]);
        }
        out.write(masked);
        out.flush();
    }

    /** Reads server frames (unmasked) until a final one, skipping pings, and returns the message's payload. */
    private static byte[] readMessage(DataInputStream in, int expectedOpcode) throws IOException {
        java.io.ByteArrayOutputStream message = new java.io.ByteArrayOutputStream();
        boolean first = true;
        while (true) {
            int b0 = in.readUnsignedByte();
            int b1 = in.readUnsignedByte();
            assertThat(b1 & 0x80).as("server frames are not masked").isZero();
            long length = b1 & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] data = new byte[Math.toIntExact(length)];
            in.readFully(data);
            int opcode = b0 & 0x0F;
            if (opcode == 0x9 || opcode == 0xA) {
                continue; // a ping or pong between the fragments
            }
            assertThat(opcode).isEqualTo(first ? expectedOpcode : 0x0);
            first = false;
            message.write(data);
            if ((b0 & 0x80) != 0) {
                return message.toByteArray();
            }
        }
    }
}
