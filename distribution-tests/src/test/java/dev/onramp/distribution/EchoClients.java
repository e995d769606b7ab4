package dev.onramp.distribution;

import dev.onramp.testing.Frames;
import dev.onramp.testing.JdkClient;
import dev.onramp.testing.RawWebSocket;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The checks every distribution must pass with the sample WAR's {@code /echo} endpoint deployed at the root. */
final class EchoClients {

    private static final long TIMEOUT_SECONDS = 20;

    private EchoClients() {
    }

    /** The JDK's WebSocket client: a text and a 1 MiB binary message come back as sent; a close is answered. */
    static void jdkClientEchoesAndCloses(Target target) throws Exception {
        byte[] binary = new byte[1024 * 1024];
        new Random(3).nextBytes(binary);
        try (JdkClient client = JdkClient.connect(target.httpClient(), target.uri("/echo"), new JdkClient())) {
            client.sendText("hello from the JDK client");
            assertThat(client.next(TIMEOUT_SECONDS)).isEqualTo("hello from the JDK client");
            client.sendBinary(binary);
            assertThat(client.next(TIMEOUT_SECONDS)).isEqualTo(binary);
            assertThat(client.closeNormally()).isEqualTo(1000);
        }
    }

    /**
     * A raw-socket client that lets half a second pass between the 101 and its first frame (as a browser tab whose
     * user types does): the echo arrives, the close handshake completes, and the server then ends the TCP
     * connection. Plain Jetty 12.1 fails it: its upgraded input reports the end of the request's body instead of
     * the frame, and the frame is then parsed as a new HTTP request (400).
     */
    static void clientThatWaitsAfterThe101GetsItsEchoAndAPromptClose(Target target) throws Exception {
        try (Socket socket = target.socket()) {
            socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
            OutputStream out = socket.getOutputStream();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            String key = Base64.getEncoder().encodeToString("onramp-dist-test".getBytes(StandardCharsets.US_ASCII));
            out.write(("GET /echo HTTP/1.1\r\nHost: 127.0.0.1:" + target.port() + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = RawWebSocket.readHead(in);
            assertThat(response).startsWith("HTTP/1.1 101")
                    .containsIgnoringCase("Sec-WebSocket-Accept: " + RawWebSocket.acceptFor(key));

            Thread.sleep(500); // the behaviour under test: a client that sends a while after the upgrade, not a wait
            out.write(Frames.clientText("typed later"));
            out.flush();
            assertThat(in.readUnsignedByte()).as("FIN + text").isEqualTo(0x81);
            byte[] echo = new byte[in.readUnsignedByte()];
            in.readFully(echo);
            assertThat(new String(echo, StandardCharsets.UTF_8)).isEqualTo("typed later");

            out.write(Frames.clientClose(1000, ""));
            out.flush();
            assertThat(in.readUnsignedByte()).as("FIN + close").isEqualTo(0x88);
            byte[] close = new byte[in.readUnsignedByte()];
            in.readFully(close);
            assertThat(((close[0] & 0xFF) << 8) | (close[1] & 0xFF)).as("close code").isEqualTo(1000);
            assertThat(in.read()).as("the server ends the connection after the close handshake").isEqualTo(-1);
        }
    }

    /**
     * Connections that Onramp fails for invalid UTF-8 in the middle of a message that keeps arriving, each peer
     * answering Onramp's close frame with its own at once, as Autobahn's client does; {@code connections} of them,
     * four at a time. Each gets close code 1007 and then the end of the TCP connection.
     */
    static void protocolErrorsAnsweredAtOnce(Target target, int connections) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                done.add(clients.submit(() -> {
                    failOnce(target);
                    return null;
                }));
            }
            for (Future<?> each : done) {
                each.get(TIMEOUT_SECONDS * 3, TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdownNow();
        }
    }

    private static void failOnce(Target target) throws Exception {
        try (Socket socket = target.socket()) {
            socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
            OutputStream out = socket.getOutputStream();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            String key = Base64.getEncoder().encodeToString("onramp-dist-fail".getBytes(StandardCharsets.US_ASCII));
            out.write(("GET /echo HTTP/1.1\r\nHost: 127.0.0.1:" + target.port() + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(RawWebSocket.readHead(in)).startsWith("HTTP/1.1 101");
            // as Autobahn's case 6.3.2: invalid UTF-8 text in fragments of one byte, each written on its own, all of
            // them sent although the server fails the connection at the first bad one
            byte[] text = "caf\u00e9 ok".getBytes(StandardCharsets.UTF_8);
            text[4] = (byte) 0xFF;
            for (int i = 0; i < text.length; i++) {
                try {
                    out.write(Frames.client(i == 0 ? 0x1 : 0x0, i == text.length - 1, new byte[] {text[i]}));
                    out.flush();
                } catch (IOException e) {
                    break; // the server dropped the connection already
                }
            }
            Frames.Frame frame;
            do {
                frame = Frames.read(in);
            } while (frame.opcode() != 0x8);
            assertThat(frame.closeCode()).as("close code").isEqualTo(1007);
            out.write(Frames.clientClose(1007, "")); // the answer, at once
            out.flush();
            assertThat(in.read()).as("the server ends the connection").isEqualTo(-1);
        }
    }
}
