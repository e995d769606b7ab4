package dev.onramp.servlet;

import dev.onramp.websocket.transport.TransportHandler;
import dev.onramp.websocket.transport.WriteCallback;
import io.undertow.Undertow;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.util.ImmediateInstanceFactory;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ServletTransport} over stock embedded Undertow 2.3 (servlet module only), with raw sockets: what the
 * transport writes reaches the peer byte for byte although Undertow's non-blocking upgraded output ignores the offset
 * and length of {@code write(byte[], off, len)} ({@link UpgradedOutput}).
 */
@Timeout(60)
class UndertowTransportTest {

    /** What the test's upgrade handler runs over each transport; set before a connection is made. */
    private static volatile Function<ServletTransport, TransportHandler> handlers;

    private Undertow undertow;
    private DeploymentManager manager;
    private int port;

    @BeforeEach
    void start() throws Exception {
        manager = Servlets.defaultContainer().addDeployment(Servlets.deployment()
                .setClassLoader(getClass().getClassLoader())
                .setContextPath("/")
                .setDeploymentName("raw-upgrade")
                .addServlet(Servlets.servlet("raw", UpgradingServlet.class,
                        new ImmediateInstanceFactory<>(new UpgradingServlet())).addMapping("/*")));
        manager.deploy();
        undertow = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(manager.start()).build();
        undertow.start();
        port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }

    @AfterEach
    void stop() throws Exception {
        if (undertow != null) {
            undertow.stop();
        }
        if (manager != null) {
            manager.stop();
            manager.undeploy();
        }
    }

    @Test
    void bytesWrittenFromTheMiddleOfAnArrayReachThePeerAsWritten() throws Exception {
        byte[] whole = "<<<a slice of a larger array>>>".getBytes(StandardCharsets.US_ASCII);
        handlers = transport -> new ReplyToFirstData(transport,
                () -> new ByteBuffer[] {ByteBuffer.wrap(whole, 3, whole.length - 6)});
        try (Socket socket = connect()) {
            socket.getOutputStream().write('x');
            socket.getOutputStream().flush();
            assertThat(new String(readFully(socket.getInputStream(), whole.length - 6), StandardCharsets.US_ASCII))
                    .isEqualTo("a slice of a larger array");
        }
    }

    @Test
    void aBufferSlicedFromABiggerOneAndAMegabyteAfterItArriveWhole() throws Exception {
        byte[] big = new byte[1024 * 1024 + 17];
        new Random(7).nextBytes(big);
        // a header in a buffer whose array is larger, then a payload whose position is not 0: what the engine hands over
        ByteBuffer header = ByteBuffer.allocate(64).put(new byte[] {1, 2, 3, 4}).flip();
        ByteBuffer payload = ByteBuffer.wrap(big);
        payload.position(17);
        handlers = transport -> new ReplyToFirstData(transport, () -> new ByteBuffer[] {header, payload});
        try (Socket socket = connect()) {
            socket.getOutputStream().write('x');
            socket.getOutputStream().flush();
            byte[] received = readFully(socket.getInputStream(), 4 + big.length - 17);
            byte[] expected = new byte[received.length];
            System.arraycopy(new byte[] {1, 2, 3, 4}, 0, expected, 0, 4);
            System.arraycopy(big, 17, expected, 4, big.length - 17);
            assertThat(Arrays.mismatch(received, expected)).as("the first byte that differs").isEqualTo(-1);
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(30_000);
        OutputStream out = socket.getOutputStream();
        out.write("GET /raw HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: raw\r\nConnection: Upgrade\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String head = dev.onramp.testing.RawWebSocket.readHead(socket.getInputStream());
        assertThat(head).startsWith("HTTP/1.1 101");
        return socket;
    }

    private static byte[] readFully(InputStream in, int length) throws IOException {
        byte[] data = new byte[length];
        int read = 0;
        while (read < length) {
            int n = in.read(data, read, length - read);
            assertThat(n).as("EOF after %d of %d bytes", read, length).isPositive();
            read += n;
        }
        return data;
    }

    /** Answers the first bytes that arrive with the given buffers, written in one {@code write}. */
    private static final class ReplyToFirstData implements TransportHandler {
        private final ServletTransport transport;
        private final java.util.function.Supplier<ByteBuffer[]> reply;
        private final CompletableFuture<Void> written = new CompletableFuture<>();
        private boolean replied;

        ReplyToFirstData(ServletTransport transport, java.util.function.Supplier<ByteBuffer[]> reply) {
            this.transport = transport;
            this.reply = reply;
        }

        @Override
        public void onData(ByteBuffer data) {
            if (replied) {
                transport.demand();
                return;
            }
            replied = true;
            transport.write(reply.get(), true, new WriteCallback() {
                @Override
                public void completed() {
                    written.complete(null);
                    transport.demand();
                }

                @Override
                public void failed(Throwable cause) {
                    written.completeExceptionally(cause);
                }
            });
        }

        @Override
        public void onEndOfInput() {
            transport.close();
        }

        @Override
        public void onFailure(Throwable cause) {
            transport.close();
        }
    }

    /** Upgrades every request to the raw protocol. */
    public static final class UpgradingServlet extends HttpServlet {
        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            try {
                response.setStatus(HttpServletResponse.SC_SWITCHING_PROTOCOLS);
                response.setHeader("Upgrade", "raw");
                response.setHeader("Connection", "Upgrade");
                request.upgrade(RawUpgrade.class);
            } catch (jakarta.servlet.ServletException e) {
                throw new IOException(e);
            }
        }
    }

    /** Instantiated by Undertow; runs the test's handler over a transport. */
    public static final class RawUpgrade implements HttpUpgradeHandler {
        private ServletTransport transport;

        public RawUpgrade() {
        }

        @Override
        public void init(WebConnection connection) {
            try {
                transport = ServletTransport.attach(connection, false, new InetSocketAddress("127.0.0.1", 0), null,
                        RawUpgradeServer.TIMERS);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            transport.start(handlers.apply(transport));
        }

        @Override
        public void destroy() {
            if (transport != null) {
                transport.close();
            }
        }
    }
}
