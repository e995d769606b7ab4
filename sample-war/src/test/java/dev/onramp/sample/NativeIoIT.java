package dev.onramp.sample;

import dev.onramp.sample.launcher.Launcher;
import dev.onramp.testing.JdkClient;
import dev.onramp.testing.RawWebSocket;
import dev.onramp.sample.ServerUnderTest.Container;
import dev.onramp.sample.ServerUnderTest.Kind;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which I/O path Onramp runs on: the container module's native I/O where the module is installed (the default), the
 * portable servlet path where the application turned native I/O off, and the servlet path, unchanged, in a container
 * without the module. Every other end-to-end test runs against each of the first two in both containers.
 */
class NativeIoIT {

    @RegisterExtension
    static final ServersPerContainer SERVERS = new ServersPerContainer();

    /** An open echo connection counts as native exactly where native I/O is on. */
    @ParameterizedTest
    @MethodSource("dev.onramp.sample.ServersPerContainer#containers")
    void anEchoConnectionRunsOnNativeIoOnlyWhereItIsOn(Kind kind) throws Exception {
        ServerUnderTest server = SERVERS.get(kind);
        long before = server.nativeConnections();
        JdkClient client = JdkClient.connect(server.ws("/echo"));
        client.socket().sendText("which path", true).get(20, TimeUnit.SECONDS);
        assertThat(client.next()).isEqualTo("which path");
        if (kind.io == Launcher.Io.NATIVE) {
            assertThat(nativeConnectionsOnceSettled(server, before + 1)).isEqualTo(before + 1);
        } else {
            assertThat(server.nativeConnections()).isZero();
        }
        client.socket().sendClose(1000, "done").get(20, TimeUnit.SECONDS);
        assertThat(client.closeCode.get(20, TimeUnit.SECONDS)).isEqualTo(1000);
    }

    /**
     * A frame that arrives with the handshake, in the same write: the container has read it with the request before
     * the upgrade, and must hand it to whichever path takes the connection (Jetty's leftover request buffer, Tomcat's
     * unread input).
     */
    @ParameterizedTest
    @MethodSource("dev.onramp.sample.ServersPerContainer#containers")
    void aFrameSentTogetherWithTheHandshakeIsEchoed(Kind kind) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", SERVERS.get(kind).port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] head = ("GET " + ServerUnderTest.CONTEXT + "/echo HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] frame = maskedText("early");
            byte[] both = new byte[head.length + frame.length];
            System.arraycopy(head, 0, both, 0, head.length);
            System.arraycopy(frame, 0, both, head.length, frame.length);
            out.write(both);
            out.flush();
            assertThat(RawWebSocket.readHead(in)).startsWith("HTTP/1.1 101");
            assertThat(readText(in)).isEqualTo("early");
        }
    }

    /** No module in the container: nothing offers native I/O, and Onramp serves over the servlet streams as before. */
    @ParameterizedTest
    @EnumSource(Container.class)
    void withoutTheContainerModuleTheServletPathServes(Container container) throws Exception {
        try (ServerUnderTest stock = ServerUnderTest.startStock(container);
             Socket socket = new Socket("127.0.0.1", stock.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            // Content-Length: 0 escapes plain Jetty 12.1's loss of what follows the 101 (the module's other fix)
            out.write(("GET " + ServerUnderTest.CONTEXT + "/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(RawWebSocket.readHead(in)).startsWith("HTTP/1.1 101");
            out.write(maskedText("stock"));
            out.flush();
            assertThat(readText(in)).isEqualTo("stock");
            assertThat(stock.nativeConnections()).isZero();
        }
    }

    /**
     * The count once every Tomcat dispatch of the connection has handed its processor back (the echo may reach the
     * client while the read dispatch that started it is still returning); Jetty's count is settled at once.
     */
    private static long nativeConnectionsOnceSettled(ServerUnderTest server, long expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        long count = server.nativeConnections();
        while (count < expected && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            count = server.nativeConnections();
        }
        return count;
    }

    /** A short final text frame from a client (masked, RFC 6455 §5.3). */
    private static byte[] maskedText(String message) {
        byte[] mask = {7, 11, 13, 17};
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[6 + text.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | text.length);
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < text.length; i++) {
            frame[6 + i] = (byte) (text[i] ^ mask[i & 3]);
        }
        return frame;
    }

    /** A short unmasked text frame from the server. */
    private static String readText(DataInputStream in) throws IOException {
        assertThat(in.readUnsignedByte()).isEqualTo(0x81);
        int length = in.readUnsignedByte();
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
