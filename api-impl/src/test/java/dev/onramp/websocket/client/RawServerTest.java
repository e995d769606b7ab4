package dev.onramp.websocket.client;

import dev.onramp.websocket.endpoint.ExtensionHeaders;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Extension;
import jakarta.websocket.Session;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client against servers that misbehave on purpose, written with plain sockets. */
class RawServerTest {

    private final OnrampClientContainer container = new OnrampClientContainer();

    private static ClientEndpointConfig config() {
        return ClientEndpointConfig.Builder.create().build();
    }

    @Test
    void sendsTheRfcRequestAndNoOriginOfItsOwn() throws Exception {
        CompletableFuture<Map<String, String>> seen = new CompletableFuture<>();
        try (RawServer server = new RawServer(socket -> {
            seen.complete(RawServer.readHead(socket.getInputStream()));
            socket.getOutputStream().write("HTTP/1.1 400 No\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        })) {
            ClientEndpointConfig config = ClientEndpointConfig.Builder.create()
                    .preferredSubprotocols(List.of("a", "b"))
                    .extensions(List.of(extension("permessage-deflate", "client_max_window_bits", ""),
                            extension("x-custom", "level", "3")))
                    .build();
            URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/some/path?x=1&y=%20");
            assertThatThrownBy(() -> container.connectToServer(new ClientRecorder(), config, uri))
                    .isInstanceOf(DeploymentException.class).hasMessageContaining("400");
            Map<String, String> request = seen.get(ClientRecorder.WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(request.get("")).isEqualTo("GET /some/path?x=1&y=%20 HTTP/1.1");
            assertThat(request.get("Host")).isEqualTo("127.0.0.1:" + server.port());
            assertThat(request.get("Upgrade")).isEqualTo("websocket");
            assertThat(request.get("Connection")).isEqualTo("Upgrade");
            assertThat(request.get("Sec-WebSocket-Version")).isEqualTo("13");
            assertThat(Base64.getDecoder().decode(request.get("Sec-WebSocket-Key"))).hasSize(16);
            assertThat(request.get("Sec-WebSocket-Protocol")).isEqualTo("a, b");
            assertThat(request.get("Sec-WebSocket-Extensions"))
                    .isEqualTo("permessage-deflate; client_max_window_bits, x-custom; level=3");
            assertThat(request).doesNotContainKey("Origin");
        }
    }

    @Test
    void aWrongAcceptIsRefused() throws Exception {
        try (RawServer server = new RawServer(socket -> {
            RawServer.readHead(socket.getInputStream());
            socket.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + ClientHandshake.acceptFor("AAAAAAAAAAAAAAAAAAAAAA==") + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getInputStream().read();
        })) {
            assertThatThrownBy(() -> container.connectToServer(new ClientRecorder(), config(),
                    URI.create("ws://127.0.0.1:" + server.port() + "/")))
                    .isInstanceOf(DeploymentException.class).hasMessageContaining("Sec-WebSocket-Accept");
        }
    }

    @Test
    void aSubprotocolTheClientDidNotOfferIsRefused() throws Exception {
        try (RawServer server = new RawServer(socket -> {
            Map<String, String> request = RawServer.readHead(socket.getInputStream());
            socket.getOutputStream().write(RawServer.switching(request, "Sec-WebSocket-Protocol: other\r\n"));
            socket.getInputStream().read();
        })) {
            ClientEndpointConfig config = ClientEndpointConfig.Builder.create().preferredSubprotocols(List.of("mine")).build();
            assertThatThrownBy(() -> container.connectToServer(new ClientRecorder(), config,
                    URI.create("ws://127.0.0.1:" + server.port() + "/")))
                    .isInstanceOf(DeploymentException.class).hasMessageContaining("other").hasMessageContaining("did not offer");
        }
    }

    @Test
    void anExtensionTheClientDidNotOfferIsRefused() throws Exception {
        try (RawServer server = new RawServer(socket -> {
            Map<String, String> request = RawServer.readHead(socket.getInputStream());
            socket.getOutputStream().write(RawServer.switching(request, "Sec-WebSocket-Extensions: permessage-deflate\r\n"));
            socket.getInputStream().read();
        })) {
            assertThatThrownBy(() -> container.connectToServer(new ClientRecorder(), config(),
                    URI.create("ws://127.0.0.1:" + server.port() + "/")))
                    .isInstanceOf(DeploymentException.class).hasMessageContaining("permessage-deflate");
        }
    }

    @Test
    void anErrorAnswerWhoseBodyNeverEndsFailsAtOnce() throws Exception {
        try (RawServer server = new RawServer(socket -> {
            RawServer.readHead(socket.getInputStream());
            // promises a body it never sends, and keeps the connection open
            socket.getOutputStream().write("HTTP/1.1 403 Forbidden\r\nContent-Length: 100000\r\n\r\npartial"
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getInputStream().read();
        })) {
            ClientEndpointConfig config = config();
            config.getUserProperties().put(ClientProperties.HANDSHAKE_TIMEOUT, 120_000L);
            assertThatThrownBy(() -> container.connectToServer(new ClientRecorder(), config,
                    URI.create("ws://127.0.0.1:" + server.port() + "/")))
                    .isInstanceOf(DeploymentException.class).hasMessageContaining("403").hasMessageNotContaining("timed out");
        }
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (RawServer server = new RawServer(socket -> release.await(60, TimeUnit.SECONDS))) {
            ClientEndpointConfig config = config();
            config.getUserProperties().put(ClientProperties.HANDSHAKE_TIMEOUT, "300");
            assertThatThrownBy(() -> container.connectToServer(new ClientRecorder(), config,
                    URI.create("ws://127.0.0.1:" + server.port() + "/")))
                    .isInstanceOf(DeploymentException.class).hasMessageContaining("timed out after 300 ms");
        } finally {
            release.countDown();
        }
    }

    @Test
    void aConnectThatNeverCompletesTimesOut() throws Exception {
        List<java.net.Socket> fillers = new java.util.ArrayList<>();
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            // never accepting: once the backlog is full, the kernel leaves further connects unanswered
            boolean hangs = false;
            for (int i = 0; i < 20 && !hangs; i++) {
                java.net.Socket s = new java.net.Socket();
                fillers.add(s);
                try {
                    s.connect(full.getLocalSocketAddress(), 500);
                } catch (java.net.SocketTimeoutException e) {
                    hangs = true;
                }
            }
            org.junit.jupiter.api.Assumptions.assumeTrue(hangs, "this kernel answers connects beyond the backlog");
            ClientEndpointConfig config = config();
            config.getUserProperties().put(ClientProperties.CONNECT_TIMEOUT, 300);
            assertThatThrownBy(() -> container.connectToServer(new ClientRecorder(), config,
                    URI.create("ws://127.0.0.1:" + full.getLocalPort() + "/")))
                    .isInstanceOf(DeploymentException.class)
                    .hasMessageContaining("connecting to 127.0.0.1:" + full.getLocalPort() + " timed out after 300 ms");
        } finally {
            for (java.net.Socket s : fillers) {
                s.close();
            }
        }
    }

    @Test
    void aServerSilentDuringTlsTimesOutAndOneThatHangsUpFails() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (RawServer silent = new RawServer(socket -> release.await(60, TimeUnit.SECONDS));
             RawServer hangsUp = new RawServer(socket -> {
                 socket.getInputStream().read();
                 socket.close();
             })) {
            ClientEndpointConfig config = config();
            config.getUserProperties().put(ClientProperties.HANDSHAKE_TIMEOUT, 300);
            assertThatThrownBy(() -> container.connectToServer(new ClientRecorder(), config,
                    URI.create("wss://127.0.0.1:" + silent.port() + "/")))
                    .isInstanceOf(DeploymentException.class)
                    .hasMessageContaining("TLS handshake with 127.0.0.1:" + silent.port() + " timed out after 300 ms");
            assertThatThrownBy(() -> container.connectToServer(new ClientRecorder(), config(),
                    URI.create("wss://127.0.0.1:" + hangsUp.port() + "/")))
                    .isInstanceOf(DeploymentException.class)
                    .hasMessageContaining("TLS handshake with 127.0.0.1:" + hangsUp.port() + " failed");
        } finally {
            release.countDown();
        }
    }

    @Test
    void aRefusedConnectionIsADeploymentException() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        assertThatThrownBy(() -> container.connectToServer(new ClientRecorder(), config(),
                URI.create("ws://127.0.0.1:" + port + "/")))
                .isInstanceOf(DeploymentException.class).hasMessageContaining("127.0.0.1:" + port);
    }

    @Test
    void framesInTheSamePacketAsThe101ReachTheSessionFirst() throws Exception {
        try (RawServer server = new RawServer(socket -> {
            Map<String, String> request = RawServer.readHead(socket.getInputStream());
            byte[] head = RawServer.switching(request, "");
            byte[] first = {(byte) 0x81, 5, 'f', 'i', 'r', 's', 't'};
            byte[] second = {(byte) 0x81, 6, 's', 'e', 'c', 'o', 'n', 'd'};
            byte[] all = new byte[head.length + first.length + second.length];
            System.arraycopy(head, 0, all, 0, head.length);
            System.arraycopy(first, 0, all, head.length, first.length);
            System.arraycopy(second, 0, all, head.length + first.length, second.length);
            socket.getOutputStream().write(all);
            socket.getOutputStream().flush();
            socket.getInputStream().read();
        })) {
            ClientRecorder client = new ClientRecorder();
            Session session = container.connectToServer(client, config(), URI.create("ws://127.0.0.1:" + server.port() + "/"));
            assertThat(client.next()).isEqualTo("first");
            assertThat(client.next()).isEqualTo("second");
            session.close();
        }
    }

    @Test
    void framesAreMaskedAndAServerThatNeverAnswersTheCloseIsDroppedAfterTheCloseTimeout() throws Exception {
        CompletableFuture<byte[]> closeFrame = new CompletableFuture<>();
        CompletableFuture<Boolean> sawEnd = new CompletableFuture<>();
        try (RawServer server = new RawServer(socket -> {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            out.write(RawServer.switching(RawServer.readHead(in), ""));
            DataInputStream data = new DataInputStream(in);
            byte[] header = new byte[2];
            data.readFully(header);
            int length = header[1] & 0x7f;
            byte[] rest = new byte[4 + length];
            data.readFully(rest);
            byte[] frame = new byte[2 + rest.length];
            System.arraycopy(header, 0, frame, 0, 2);
            System.arraycopy(rest, 0, frame, 2, rest.length);
            closeFrame.complete(frame);
            // never answer; wait for the client to drop the connection
            sawEnd.complete(in.read() < 0);
        })) {
            ClientRecorder client = new ClientRecorder();
            Session session = container.connectToServer(client, config(), URI.create("ws://127.0.0.1:" + server.port() + "/"));
            session.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "bye"));
            byte[] frame = closeFrame.get(ClientRecorder.WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(frame[0] & 0xff).isEqualTo(0x88);
            assertThat(frame[1] & 0x80).as("mask bit").isEqualTo(0x80);
            byte[] payload = new byte[frame.length - 6];
            for (int i = 0; i < payload.length; i++) {
                payload[i] = (byte) (frame[6 + i] ^ frame[2 + (i % 4)]);
            }
            assertThat(((payload[0] & 0xff) << 8) | (payload[1] & 0xff)).isEqualTo(1000);
            assertThat(new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8)).isEqualTo("bye");
            assertThat(sawEnd.get(ClientRecorder.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(client.awaitClose()).isNotNull();
        }
    }

    static Extension extension(String name, String param, String value) {
        return ExtensionHeaders.parse(List.of(name + "; " + param + (value.isEmpty() ? "" : "=" + value))).get(0);
    }
}
