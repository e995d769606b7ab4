package dev.onramp.tomcat;

import dev.onramp.testing.Await;
import dev.onramp.testing.UpgradeProbeClient;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.coyote.http11.upgrade.UpgradeGroupInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.CompletionHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The native channel as this module offers it to an upgrade handler with Onramp's offer method, checked without Onramp
 * (a probe handler that echoes): demand-driven reads, writes with one completion each, the peer's FIN as
 * {@code onComplete}, a write after it, close; a handler without the method, or one that declines, keeps the servlet
 * streams. A natively served connection counts its bytes in Tomcat's upgrade statistics and leaves them when it ends,
 * however it ends.
 */
class NativeUpgradeProcessorTest {

    @TempDir
    Path base;

    private Tomcat tomcat;
    private int port;

    @BeforeEach
    void start() throws Exception {
        EchoProbe.accept = true;
        EchoProbe.finished = new CompletableFuture<>();
        tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector(PromptCloseHttp11NioProtocol.class.getName());
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "upgrading", new UpgradingServlet());
        context.addServletMappingDecoded("/*", "upgrading");
        tomcat.start();
        port = connector.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        tomcat.stop();
        tomcat.destroy();
    }

    /** Upgrades to the probe, which echoes each read until the peer's FIN, then says "bye" and closes. */
    public static final class EchoProbe implements HttpUpgradeHandler {
        static volatile boolean accept;
        /** What the probe saw: "native", or "servlet" when it ran over the servlet streams. */
        static volatile CompletableFuture<String> finished;
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
                finished.complete(connection.getClass().getSimpleName().equals("NativeUpgradeProcessor")
                        ? "native without an offer" : "servlet");
                try {
                    connection.getOutputStream().write("servlet".getBytes(StandardCharsets.US_ASCII));
                    connection.getOutputStream().flush();
                    connection.close();
                } catch (Exception e) {
                    finished.completeExceptionally(e);
                }
                return;
            }
            if (connection != channel) {
                finished.completeExceptionally(new AssertionError("the WebConnection is not the channel"));
            }
            channel.subscribe(new Echo());
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
                request.upgrade(EchoProbe.class);
            } catch (jakarta.servlet.ServletException e) {
                throw new IOException(e);
            }
        }
    }

    @Test
    void anOfferedChannelEchoesAndSeesTheFinThenWritesAndCloses() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            UpgradeProbeClient.upgradeAndEchoEarlyAndLater(socket);
            InputStream in = socket.getInputStream();
            socket.shutdownOutput();
            assertThat(UpgradeProbeClient.readUntil(in, "bye")).isEqualTo("bye");
            assertThat(in.read()).as("closed after the last write").isEqualTo(-1);
        }
        assertThat(EchoProbe.finished.get(20, TimeUnit.SECONDS)).isEqualTo("native");
    }

    /** The protocol's statistics of the connections upgraded to "probe" (Tomcat's JMX shows them). */
    private UpgradeGroupInfo probeStatistics() {
        return ((AbstractHttp11Protocol<?>) tomcat.getConnector().getProtocolHandler()).getUpgradeGroupInfo("probe");
    }

    @Test
    void aNativeConnectionsBytesAreInTomcatsUpgradeStatisticsAndStayInTheTotalsAfterItCloses() throws Exception {
        UpgradeGroupInfo group = probeStatistics();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            UpgradeProbeClient.upgradeAndEchoEarlyAndLater(socket);
            Await.until("the open connection's 10 bytes each way counted",
                    () -> group.getBytesReceived() == 10 && group.getBytesSent() == 10);
            assertThat(PromptCloseHttp11NioProtocolTest.liveStatistics(group)).as("open connections counted").isEqualTo(1);
            socket.shutdownOutput();
            assertThat(UpgradeProbeClient.readUntil(socket.getInputStream(), "bye")).isEqualTo("bye");
        }
        assertThat(EchoProbe.finished.get(20, TimeUnit.SECONDS)).isEqualTo("native");
        Await.until("the closed connection's statistics left the group",
                () -> PromptCloseHttp11NioProtocolTest.liveStatistics(group) == 0);
        assertThat(group.getBytesReceived()).as("bytes received, in the totals").isEqualTo(10);
        assertThat(group.getBytesSent()).as("bytes sent, in the totals").isEqualTo(13);
    }

    @Test
    void aNativeConnectionTheApplicationNeverClosesLeavesTheStatisticsWhenThePeerResetsIt() throws Exception {
        UpgradeGroupInfo group = probeStatistics();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            UpgradeProbeClient.upgradeAndEchoEarlyAndLater(socket);
            socket.setSoLinger(true, 0); // the close resets: the probe sees a read error and never closes its side
        }
        assertThat(EchoProbe.finished).failsWithin(20, TimeUnit.SECONDS);
        Await.until("the reset connection's statistics left the group",
                () -> PromptCloseHttp11NioProtocolTest.liveStatistics(group) == 0);
        assertThat(group.getBytesReceived()).isEqualTo(10);
    }

    @Test
    void openNativeConnectionsLeaveTheStatisticsWhenTheConnectorStops() throws Exception {
        UpgradeGroupInfo group = probeStatistics();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            UpgradeProbeClient.upgradeAndEchoEarlyAndLater(socket);
            assertThat(PromptCloseHttp11NioProtocolTest.liveStatistics(group)).isEqualTo(1);
            tomcat.getConnector().stop();
            Await.until("the open connection's statistics left the group at the stop",
                    () -> PromptCloseHttp11NioProtocolTest.liveStatistics(group) == 0);
        }
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
        // the declined native processor was dropped: only the servlet connection was counted, and it left
        Await.until("no statistics left after the servlet connection closed",
                () -> PromptCloseHttp11NioProtocolTest.liveStatistics(probeStatistics()) == 0);
    }
}
