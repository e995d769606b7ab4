package dev.onramp.jetty;

import dev.onramp.testing.UpgradeProbeClient;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.ConnectionStatistics;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.CompletionHandler;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The native connection as this module's connection factory offers it to an upgrade handler with Onramp's offer
 * method, checked without Onramp (a probe handler that echoes, left on the request as Onramp's handshake leaves its
 * handler): demand-driven reads, writes with one completion each, the peer's FIN as {@code onComplete}, a write after
 * it, close; a handler that declines keeps the servlet streams. The connection counts its bytes for Jetty's
 * connection statistics.
 */
class NativeUpgradeConnectionTest {

    /** The server's pool: small, and not Jetty's default, so the size the channel reports is this one's. */
    private static final int POOL = 24;

    private Server server;
    private int port;
    private final ConnectionStatistics statistics = new ConnectionStatistics();
    /** The natively served connections Jetty closed, as its connection listeners (statistics among them) see them. */
    private final CompletableFuture<Connection> closedNative = new CompletableFuture<>();

    @BeforeEach
    void start() throws Exception {
        EchoProbe.accept = true;
        EchoProbe.finished = new CompletableFuture<>();
        server = new Server(new QueuedThreadPool(POOL));
        ServerConnector connector = new ServerConnector(server, new UpgradeSafeHttpConnectionFactory());
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.addBean(statistics);
        connector.addBean(new Connection.Listener() {
            @Override
            public void onClosed(Connection connection) {
                if (connection instanceof NativeUpgradeConnection) {
                    closedNative.complete(connection);
                }
            }
        });
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(UpgradingServlet.class, "/*");
        server.setHandler(context);
        server.start();
        port = connector.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    /** Upgrades to the probe, which echoes each read until the peer's FIN, then says "bye" and closes. */
    public static final class EchoProbe implements HttpUpgradeHandler {
        static volatile boolean accept;
        /** What the probe saw: "native", or "servlet" when it ran over the servlet streams. */
        static volatile CompletableFuture<String> finished;
        /** What the subscription answered as a {@code BooleanSupplier}: may a thread in onNext wait for a write. */
        static volatile Boolean mayWaitOnReadThread;
        /** What the subscription answered as an {@code IntSupplier}: the threads of the pool that runs onNext. */
        static volatile Integer poolThreads;
        private volatile Flow.Publisher<ByteBuffer> channel;

        /** The offer, in the shape Onramp's upgrade handler has. */
        public boolean offerNativeChannel(Flow.Publisher<ByteBuffer> offered) {
            if (!accept) {
                return false;
            }
            channel = offered;
            return true;
        }

        @Override
        public void init(WebConnection connection) {
            if (channel == null) {
                finished.complete("servlet");
                try {
                    connection.getOutputStream().write("servlet".getBytes(StandardCharsets.US_ASCII));
                    connection.getOutputStream().flush();
                    connection.close();
                } catch (Exception e) {
                    finished.completeExceptionally(e);
                }
                return;
            }
            channel.subscribe(new Echo());
            try {
                connection.close(); // ends the servlet exchange, after which Jetty hands the socket to the channel
            } catch (Exception e) {
                finished.completeExceptionally(e);
            }
        }

        @Override
        public void destroy() {
        }
    }

    /** Echoes every read, one write at a time, asking for the next read once the echo is written. */
    private static final class Echo implements Flow.Subscriber<ByteBuffer>, CompletionHandler<Long, Void> {
        private Flow.Subscription subscription;
        private Consumer<ByteBuffer[]> writer;
        private volatile boolean closeAfterWrite;

        @Override
        @SuppressWarnings("unchecked")
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            writer = (Consumer<ByteBuffer[]>) s;
            EchoProbe.mayWaitOnReadThread = s instanceof BooleanSupplier may && may.getAsBoolean();
            EchoProbe.poolThreads = s instanceof IntSupplier size ? size.getAsInt() : null;
            s.request(1);
        }

        @Override
        public void onNext(ByteBuffer data) {
            ByteBuffer copy = ByteBuffer.allocate(data.remaining());
            copy.put(data).flip(); // the buffer is the channel's again after the next request
            writer.accept(new ByteBuffer[] {copy});
        }

        @Override
        public void completed(Long bytes, Void attachment) {
            if (closeAfterWrite) {
                subscription.cancel();
                EchoProbe.finished.complete("native");
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void failed(Throwable cause, Void attachment) {
            EchoProbe.finished.completeExceptionally(cause);
        }

        @Override
        public void onComplete() {
            closeAfterWrite = true; // the peer only half-closed: it still reads
            writer.accept(new ByteBuffer[] {ByteBuffer.wrap("bye".getBytes(StandardCharsets.US_ASCII))});
        }

        @Override
        public void onError(Throwable cause) {
            EchoProbe.finished.completeExceptionally(cause);
        }
    }

    /** Switches any request to the probe. */
    public static final class UpgradingServlet extends HttpServlet {
        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setStatus(HttpServletResponse.SC_SWITCHING_PROTOCOLS);
            response.setHeader("Upgrade", "probe");
            response.setHeader("Connection", "Upgrade");
            try {
                request.setAttribute(NativeChannelOffer.HANDLER_ATTRIBUTE, request.upgrade(EchoProbe.class));
            } catch (jakarta.servlet.ServletException e) {
                throw new IOException(e);
            }
        }
    }

    @Test
    void anOfferedChannelEchoesAndSeesTheFinThenWritesAndCloses() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            // the first bytes ride with the request: Jetty has read them before the upgrade, the channel hands them on
            UpgradeProbeClient.upgradeAndEchoEarlyAndLater(socket);
            InputStream in = socket.getInputStream();
            socket.shutdownOutput();
            assertThat(UpgradeProbeClient.readUntil(in, "bye")).isEqualTo("bye");
            assertThat(in.read()).as("closed after the last write").isEqualTo(-1);
        }
        assertThat(EchoProbe.finished.get(20, TimeUnit.SECONDS)).isEqualTo("native");
        // Onramp runs message handlers inline here, and their blocking sends wait for writes on this thread
        assertThat(EchoProbe.mayWaitOnReadThread).isTrue();
        // the pool's threads less those leased for good (the connector's acceptor and selector)
        QueuedThreadPool pool = (QueuedThreadPool) server.getThreadPool();
        assertThat(pool.getLeasedThreads()).isPositive();
        assertThat(EchoProbe.poolThreads).isEqualTo(POOL - pool.getLeasedThreads());
    }

    @Test
    void theConnectionCountsItsBytesForJettysConnectionStatistics() throws Exception {
        anOfferedChannelEchoesAndSeesTheFinThenWritesAndCloses();
        Connection closed = closedNative.get(20, TimeUnit.SECONDS);
        // "early" came with the request (the HTTP connection's bytes); "later" was read here; echoes and "bye" written
        assertThat(closed.getBytesIn()).as("bytes read").isEqualTo("later".length());
        assertThat(closed.getBytesOut()).as("bytes written").isEqualTo("earlylaterbye".length());
        assertThat(statistics.getReceivedBytes()).as("Jetty's statistics, all connections")
                .isGreaterThanOrEqualTo(closed.getBytesIn());
    }

    @Test
    void aHandlerThatDeclinesKeepsTheServletStreams() throws Exception {
        EchoProbe.accept = false;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(UpgradeProbeClient.READ_TIMEOUT_MS);
            InputStream in = socket.getInputStream();
            socket.getOutputStream().write(UpgradeProbeClient.upgradeRequest(""));
            socket.getOutputStream().flush();
            assertThat(UpgradeProbeClient.readUntil(in, "\r\n\r\n")).startsWith("HTTP/1.1 101");
            assertThat(UpgradeProbeClient.readUntil(in, "servlet")).isEqualTo("servlet");
        }
        assertThat(EchoProbe.finished.get(20, TimeUnit.SECONDS)).isEqualTo("servlet");
    }
}
