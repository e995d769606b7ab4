package dev.onramp.distribution;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
        CompletableFuture<String> text = new CompletableFuture<>();
        CompletableFuture<byte[]> bytes = new CompletableFuture<>();
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder textParts = new StringBuilder();
            private final ByteArrayOutputStream binaryParts = new ByteArrayOutputStream();

            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                textParts.append(data);
                if (last) {
                    text.complete(textParts.toString());
                }
                socket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
                byte[] part = new byte[data.remaining()];
                data.get(part);
                binaryParts.writeBytes(part);
                if (last) {
                    bytes.complete(binaryParts.toByteArray());
                }
                socket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
                closed.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket socket, Throwable error) {
                text.completeExceptionally(error);
                bytes.completeExceptionally(error);
                closed.completeExceptionally(error);
            }
        };
        WebSocket socket = target.httpClient().newWebSocketBuilder()
                .buildAsync(target.uri("/echo"), listener)
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        socket.sendText("hello from the JDK client", true).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertThat(text.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo("hello from the JDK client");
        socket.sendBinary(ByteBuffer.wrap(binary), true).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertThat(bytes.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo(binary);
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertThat(closed.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo(1000);
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
            String response = head(in);
            assertThat(response).startsWith("HTTP/1.1 101")
                    .containsIgnoringCase("Sec-WebSocket-Accept: " + accept(key));

            Thread.sleep(500); // the behaviour under test: a client that sends a while after the upgrade, not a wait
            out.write(maskedFrame(0x1, "typed later".getBytes(StandardCharsets.UTF_8)));
            out.flush();
            assertThat(in.readUnsignedByte()).as("FIN + text").isEqualTo(0x81);
            byte[] echo = new byte[in.readUnsignedByte()];
            in.readFully(echo);
            assertThat(new String(echo, StandardCharsets.UTF_8)).isEqualTo("typed later");

            out.write(maskedFrame(0x8, new byte[] {0x03, (byte) 0xE8})); // close 1000
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
            assertThat(head(in)).startsWith("HTTP/1.1 101");
            // as Autobahn's case 6.3.2: invalid UTF-8 text in fragments of one byte, each written on its own, all of
            // them sent although the server fails the connection at the first bad one
            byte[] text = "caf\u00e9 ok".getBytes(StandardCharsets.UTF_8);
            text[4] = (byte) 0xFF;
            for (int i = 0; i < text.length; i++) {
                byte[] frame = maskedFrame(i == 0 ? 0x1 : 0x0, new byte[] {text[i]});
                if (i < text.length - 1) {
                    frame[0] &= 0x7F; // not the last fragment
                }
                try {
                    out.write(frame);
                    out.flush();
                } catch (IOException e) {
                    break; // the server dropped the connection already
                }
            }
            int first;
            byte[] close;
            do {
                first = in.readUnsignedByte();
                close = new byte[in.readUnsignedByte()];
                in.readFully(close);
            } while (first != 0x88);
            assertThat(((close[0] & 0xFF) << 8) | (close[1] & 0xFF)).as("close code").isEqualTo(1007);
            out.write(maskedFrame(0x8, new byte[] {0x03, (byte) 0xEF})); // the answer, at once
            out.flush();
            assertThat(in.read()).as("the server ends the connection").isEqualTo(-1);
        }
    }

    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        int b;
        while (!seen.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n") && (b = in.read()) >= 0) {
            seen.write(b);
        }
        return seen.toString(StandardCharsets.ISO_8859_1);
    }

    private static String accept(String key) throws NoSuchAlgorithmException {
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        byte[] digest = sha1.digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
        return Base64.getEncoder().encodeToString(digest);
    }

    /** A client frame (always masked) with FIN set and a payload under 126 bytes. */
    private static byte[] maskedFrame(int opcode, byte[] payload) {
        byte[] mask = {0x11, 0x22, 0x33, 0x44};
        byte[] frame = new byte[2 + 4 + payload.length];
        frame[0] = (byte) (0x80 | opcode);
        frame[1] = (byte) (0x80 | payload.length);
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ mask[i & 3]);
        }
        return frame;
    }
}
