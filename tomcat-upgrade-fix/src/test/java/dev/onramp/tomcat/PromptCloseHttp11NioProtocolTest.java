package dev.onramp.tomcat;

import dev.onramp.testing.Await;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An upgraded connection that the application closes after the client's first bytes arrived, from its own thread
 * (as a WebSocket engine does after its close handshake) or inside the read callback, driven by a raw socket.
 */
class PromptCloseHttp11NioProtocolTest {

    @TempDir
    Path base;

    private Tomcat tomcat;
    private int port;

    @AfterEach
    void stop() throws Exception {
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
        }
    }

    /** Answers the first bytes with "bye" and closes, from a thread of its own or inside the read callback. */
    public static final class ClosingHandler implements HttpUpgradeHandler {
        static volatile boolean fromOwnThread;
        /** Far longer than Tomcat needs to leave a dispatch whose listener already returned. */
        static final long DISPATCH_SETTLE_MILLIS = 300;

        @Override
        public void init(WebConnection connection) {
            try {
                ServletInputStream in = connection.getInputStream();
                ServletOutputStream out = connection.getOutputStream();
                in.setReadListener(new ReadListener() {
                    @Override
                    public void onDataAvailable() throws IOException {
                        byte[] buffer = new byte[64];
                        while (in.isReady() && in.read(buffer) >= 0) {
                            // take what the client sent
                        }
                        if (fromOwnThread) {
                            CountDownLatch callbackReturned = new CountDownLatch(1);
                            new Thread(() -> {
                                awaitDispatchEnd(callbackReturned);
                                sayByeAndClose(connection, out);
                            }, "application").start();
                            callbackReturned.countDown();
                        } else {
                            sayByeAndClose(connection, out);
                        }
                    }

                    @Override
                    public void onAllDataRead() {
                    }

                    @Override
                    public void onError(Throwable t) {
                    }
                });
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /**
         * Waits until the read callback returned and Tomcat has had time to finish its dispatch. A close that lands
         * while Tomcat is still inside the dispatch is seen by Tomcat's own end-of-dispatch check and drops the
         * socket even on stock Tomcat, so without the wait the test of the defect would pass or fail by timing.
         */
        private static void awaitDispatchEnd(CountDownLatch callbackReturned) {
            try {
                if (!callbackReturned.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the read callback did not return within 10 s");
                }
                Thread.sleep(DISPATCH_SETTLE_MILLIS); // no signal tells when Tomcat's dispatch ended: let it end
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static void sayByeAndClose(WebConnection connection, ServletOutputStream out) {
            try {
                out.write("bye".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                connection.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void destroy() {
        }
    }

    /**
     * Reads nothing in its callbacks until {@link #reading} (an application busy with what it read before), then
     * reads everything it is offered; counts its read callbacks and the bytes it read.
     */
    public static final class HoldingHandler implements HttpUpgradeHandler {
        static final AtomicInteger CALLBACKS = new AtomicInteger();
        static final AtomicLong RECEIVED = new AtomicLong();
        static volatile boolean reading;
        static volatile ServletInputStream input;
        static volatile ServletOutputStream output;

        static void readAllReady() throws IOException {
            byte[] buffer = new byte[16 * 1024];
            while (input.isReady()) {
                int n = input.read(buffer);
                if (n < 0) {
                    return;
                }
                RECEIVED.addAndGet(n);
            }
        }

        @Override
        public void init(WebConnection connection) {
            try {
                input = connection.getInputStream();
                output = connection.getOutputStream();
                input.setReadListener(new ReadListener() {
                    @Override
                    public void onDataAvailable() throws IOException {
                        CALLBACKS.incrementAndGet();
                        if (reading) {
                            readAllReady();
                        }
                    }

                    @Override
                    public void onAllDataRead() {
                    }

                    @Override
                    public void onError(Throwable t) {
                    }
                });
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void destroy() {
        }
    }

    public static final class UpgradingServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setStatus(101);
            response.setHeader("Upgrade", "raw");
            response.setHeader("Connection", "Upgrade");
            try {
                if (request.getRequestURI().equals("/holding")) {
                    request.upgrade(HoldingHandler.class);
                    return;
                }
                request.upgrade(ClosingHandler.class);
            } catch (jakarta.servlet.ServletException e) {
                throw new IOException(e);
            }
        }
    }

    private void start(String protocol) throws Exception {
        tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector(protocol);
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

    /** Upgrades, sends a byte, reads "bye"; returns the socket's input for what comes next. */
    private static InputStream upgradeAndHearBye(Socket socket) throws IOException {
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        out.write("GET /raw HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: raw\r\nConnection: Upgrade\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        assertThat(readUntil(in, "\r\n\r\n")).startsWith("HTTP/1.1 101");
        out.write('x');
        out.flush();
        assertThat(readUntil(in, "bye")).isEqualTo("bye");
        return in;
    }

    private static String readUntil(InputStream in, String marker) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        int b;
        while (!seen.toString(StandardCharsets.ISO_8859_1).endsWith(marker) && (b = in.read()) >= 0) {
            seen.write(b);
        }
        return seen.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void plainTomcatKeepsASocketClosedFromAnApplicationThreadOpen() throws Exception {
        // Pins the defect this module exists for: when this fails, Tomcat fixed it and the module can go.
        ClosingHandler.fromOwnThread = true;
        start("org.apache.coyote.http11.Http11NioProtocol");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(3_000);
            InputStream in = upgradeAndHearBye(socket);
            assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void aCloseFromAnApplicationThreadReachesThePeerAsEndOfStream() throws Exception {
        ClosingHandler.fromOwnThread = true;
        start(PromptCloseHttp11NioProtocol.class.getName());
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            assertThat(upgradeAndHearBye(socket).read()).isEqualTo(-1);
        }
    }

    @Test
    void aCloseInsideTheReadCallbackStillReachesThePeerAsEndOfStream() throws Exception {
        ClosingHandler.fromOwnThread = false;
        start(PromptCloseHttp11NioProtocol.class.getName());
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            assertThat(upgradeAndHearBye(socket).read()).isEqualTo(-1);
        }
    }

    @Test
    void plainTomcatKeepsTheStatisticsOfEveryClosedUpgradedConnection() throws Exception {
        // Pins Tomcat's defect (fixed in 11.0.25): when this fails, the pinned Tomcat no longer needs the mending
        UpgradeGroupInfo group = closeConnections("org.apache.coyote.http11.Http11NioProtocol", 20);
        assertThat(liveStatistics(group)).as("statistics of closed connections still held").isEqualTo(20);
    }

    @Test
    void closedUpgradedConnectionsLeaveTomcatsStatisticsAndTheirCountsStay() throws Exception {
        UpgradeGroupInfo group = closeConnections(PromptCloseHttp11NioProtocol.class.getName(), 20);
        Await.until("no statistics of a closed connection left", () -> liveStatistics(group) == 0);
        assertThat(group.getBytesReceived()).as("the bytes the connections received, in the totals").isEqualTo(20);
        assertThat(group.getBytesSent()).as("the bytes they sent").isEqualTo(20 * "bye".length());
    }

    /**
     * Opens {@code count} upgraded connections one after another, each closed by the application inside its read
     * callback (a close that reaches the peer on stock Tomcat too); returns the protocol's statistics of them.
     */
    private UpgradeGroupInfo closeConnections(String protocol, int count) throws Exception {
        ClosingHandler.fromOwnThread = false;
        start(protocol);
        for (int i = 0; i < count; i++) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(10_000);
                assertThat(upgradeAndHearBye(socket).read()).isEqualTo(-1);
            }
        }
        return ((AbstractHttp11Protocol<?>) tomcat.getConnector().getProtocolHandler()).getUpgradeGroupInfo("raw");
    }

    /** How many connections' statistics the group holds (Tomcat offers no count: its private set's size). */
    static int liveStatistics(UpgradeGroupInfo group) {
        try {
            Field field = UpgradeGroupInfo.class.getDeclaredField("upgradeInfos");
            field.setAccessible(true);
            return ((Set<?>) field.get(group)).size();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("Tomcat's UpgradeGroupInfo changed: " + e, e);
        }
    }

    @Test
    void aConnectionWhoseApplicationHoldsItsReadsGetsNoReadCallbacksUntilItReadsOn() throws Exception {
        holdReadsThenResume(() -> {
            // the application reads on from its own thread; once it found isReady() false, callbacks resume
            HoldingHandler.reading = true;
            HoldingHandler.readAllReady();
        });
    }

    @Test
    void readsResumedInsideAWriteCallbackGetReadCallbacksAgain() throws Exception {
        // An application may read on inside onWritePossible (a WebSocket engine whose send completed asks for the
        // next message there): its isReady() == false in that dispatch must bring read events back as well.
        holdReadsThenResume(() -> HoldingHandler.output.setWriteListener(new WriteListener() {
            @Override
            public void onWritePossible() throws IOException {
                HoldingHandler.reading = true;
                HoldingHandler.readAllReady();
            }

            @Override
            public void onError(Throwable t) {
            }
        }));
    }

    /**
     * Upgrades to {@link HoldingHandler} and sends 4 MiB; checks that the held reads see one callback; resumes, waits
     * until the application read all of it (so it saw isReady() false), then sends 64 KiB more, which only a read
     * event can bring to the application.
     */
    private void holdReadsThenResume(Resumption resumption) throws Exception {
        HoldingHandler.CALLBACKS.set(0);
        HoldingHandler.RECEIVED.set(0);
        HoldingHandler.reading = false;
        start(PromptCloseHttp11NioProtocol.class.getName());
        int first = 4 * 1024 * 1024;
        int second = 64 * 1024;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /holding HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: raw\r\nConnection: Upgrade\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.setSoTimeout(10_000);
            assertThat(readUntil(socket.getInputStream(), "\r\n\r\n")).startsWith("HTTP/1.1 101");
            Thread writer = new Thread(() -> {
                try {
                    out.write(new byte[first]); // more than socket buffers hold while nobody reads
                    out.flush();
                } catch (IOException closed) {
                    // the test ended
                }
            }, "peer");
            writer.setDaemon(true);
            writer.start();
            Await.until("the first read callback", () -> HoldingHandler.CALLBACKS.get() > 0);
            // Data stays ready and unread. Stock Tomcat dispatches onDataAvailable again and again (a busy loop for
            // as long as the application is busy, dozens to thousands of callbacks in half a second); the Servlet
            // API owes no callback before isReady() returned false. One more callback than the first can come when
            // the peer's bytes beat the upgrade: Tomcat's setReadListener asked the poller for a read event before
            // its own first dispatch ran the listener, and that event still fires once.
            Await.holdsFor("at most two read callbacks while the reads are held", Duration.ofMillis(500),
                    () -> HoldingHandler.CALLBACKS.get() <= 2);

            resumption.resume();
            awaitReceived(first);
            writer.join(10_000);
            assertThat(HoldingHandler.RECEIVED.get()).as("the first part arrives").isEqualTo(first);

            out.write(new byte[second]);
            out.flush();
            awaitReceived(first + second);
            assertThat(HoldingHandler.RECEIVED.get()).as("the second part arrives").isEqualTo(first + second);
        }
    }

    private static void awaitReceived(long bytes) {
        Await.until(bytes + " bytes received", () -> HoldingHandler.RECEIVED.get() >= bytes);
    }

    @FunctionalInterface
    private interface Resumption {
        void resume() throws IOException;
    }
}
