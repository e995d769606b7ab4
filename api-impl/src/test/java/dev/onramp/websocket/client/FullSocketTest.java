package dev.onramp.websocket.client;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A blocking send of a message far larger than the socket buffers, from inside onMessage, to a peer that is not
 * reading yet: it must complete once the peer reads, over plain TCP and over TLS.
 */
class FullSocketTest {

    private static final int SIZE = 8 * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void plain() throws Exception {
        run(new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1")), "ws", ClientEndpointConfig.Builder.create().build());
    }

    @Test
    void overTls() throws Exception {
        Path store = TestCertificates.keyStore(dir, "full", "ip:127.0.0.1");
        SSLContext serverContext = TestCertificates.serving(store);
        ServerSocket socket = serverContext.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create().build();
        config.getUserProperties().put(ClientProperties.SSL_CONTEXT, TestCertificates.trusting(store));
        run(socket, "wss", config);
    }

    private void run(ServerSocket bound, String scheme, ClientEndpointConfig config) throws Exception {
        CountDownLatch sending = new CountDownLatch(1);
        CompletableFuture<Long> serverSum = new CompletableFuture<>();
        long expected = 0;
        byte[] payload = new byte[SIZE];
        for (int i = 0; i < SIZE; i++) {
            payload[i] = (byte) (i * 7 + 3);
            expected += payload[i] & 0xff;
        }
        try (RawServer server = new RawServer(bound, socket -> serve(socket, sending, serverSum))) {
            CompletableFuture<Void> sent = new CompletableFuture<>();
            Endpoint endpoint = new Endpoint() {
                @Override
                public void onOpen(Session session, EndpointConfig cfg) {
                    session.addMessageHandler(String.class, (MessageHandler.Whole<String>) go -> {
                        sending.countDown();
                        try {
                            session.getBasicRemote().sendBinary(ByteBuffer.wrap(payload));
                            sent.complete(null);
                        } catch (Exception e) {
                            sent.completeExceptionally(e);
                        }
                    });
                }
            };
            Session session = new OnrampClientContainer().connectToServer(endpoint, config,
                    URI.create(scheme + "://127.0.0.1:" + server.port() + "/"));
            sent.get(ClientRecorder.WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(serverSum.get(ClientRecorder.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(expected);
            session.close();
        }
    }

    /** Answers the upgrade, sends "go", waits until the client is sending, then reads one masked binary frame. */
    private static void serve(Socket socket, CountDownLatch sending, CompletableFuture<Long> sum) throws Exception {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        out.write(RawServer.switching(RawServer.readHead(in), ""));
        out.write(new byte[] {(byte) 0x81, 2, 'g', 'o'});
        out.flush();
        sending.await();
        DataInputStream data = new DataInputStream(in);
        int b0 = data.readUnsignedByte();
        int b1 = data.readUnsignedByte();
        if (b0 != 0x82 || (b1 & 0x80) == 0 || (b1 & 0x7f) != 127) {
            sum.completeExceptionally(new AssertionError("unexpected frame header " + b0 + " " + b1));
            return;
        }
        long length = data.readLong();
        byte[] mask = new byte[4];
        data.readFully(mask);
        byte[] buf = new byte[65536];
        long total = 0;
        long s = 0;
        while (total < length) {
            int n = data.read(buf, 0, (int) Math.min(buf.length, length - total));
            if (n < 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                s += (buf[i] ^ mask[(int) ((total + i) & 3)]) & 0xff;
            }
            total += n;
        }
        sum.complete(total == length ? s : -1L);
        in.read();
    }
}
