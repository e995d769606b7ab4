package dev.onramp.jetty;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives a servlet upgrade on embedded Jetty with raw sockets, the way WebSocket clients do: a GET without
 * Content-Length, then nothing until the 101 has arrived, then data.
 */
class UpgradeSafeHttpConnectionFactoryTest {

    private Server server;
    private int port;

    @BeforeEach
    void forgetEvents() {
        FIRST_EVENTS.clear();
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    /** What the upgraded input reported first, per connection: "data" or "end". */
    static final BlockingQueue<String> FIRST_EVENTS = new LinkedBlockingQueue<>();

    /** Echoes every byte of the upgraded connection back; ends the tunnel at end of input. */
    public static final class EchoUpgradeHandler implements HttpUpgradeHandler {
        @Override
        public void init(WebConnection connection) {
            try {
                ServletInputStream in = connection.getInputStream();
                ServletOutputStream out = connection.getOutputStream();
                in.setReadListener(new ReadListener() {
                    private final byte[] buffer = new byte[1024];
                    private boolean reported;

                    private void report(String event) {
                        if (!reported) {
                            reported = true;
                            FIRST_EVENTS.add(event);
                        }
                    }

                    @Override
                    public void onDataAvailable() throws IOException {
                        while (in.isReady()) {
                            int n = in.read(buffer);
                            if (n < 0) {
                                return;
                            }
                            report("data");
                            out.write(buffer, 0, n);
                            out.flush();
                        }
                    }

                    @Override
                    public void onAllDataRead() {
                        report("end");
                        closeQuietly(connection);
                    }

                    @Override
                    public void onError(Throwable t) {
                        closeQuietly(connection);
                    }
                });
            } catch (IOException e) {
                closeQuietly(connection);
            }
        }

        @Override
        public void destroy() {
        }

        private static void closeQuietly(WebConnection connection) {
            try {
                connection.close();
            } catch (Exception ignored) {
                // the peer is gone already
            }
        }
    }

    /** Upgrades requests to /tunnel; elsewhere reports the request body's length after reading it to the end. */
    public static final class UpgradingServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            if (request.getRequestURI().equals("/tunnel")) {
                try {
                    response.setStatus(101);
                    request.upgrade(EchoUpgradeHandler.class);
                } catch (jakarta.servlet.ServletException e) {
                    throw new IOException(e);
                }
                return;
            }
            byte[] body = request.getInputStream().readAllBytes();
            response.setContentType("text/plain");
            response.getWriter().print("body " + body.length);
        }
    }

    private void start(ConnectionFactory http) throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server, http);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(UpgradingServlet.class, "/*");
        server.setHandler(context);
        server.start();
        port = connector.getLocalPort();
    }

    private static String upgradeRequest(String path, String extraHeaders) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n";
    }

    /** Reads until {@code marker} has arrived (or the peer closed); returns everything read. */
    private static String readUntil(InputStream in, String marker) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        int b;
        while (!seen.toString(StandardCharsets.ISO_8859_1).contains(marker) && (b = in.read()) >= 0) {
            seen.write(b);
        }
        return seen.toString(StandardCharsets.ISO_8859_1);
    }

    /** Upgrades, waits for the 101, sends "hello" and returns what comes back before the marker or EOF. */
    private String tunnelEcho(String extraHeaders) throws Exception {
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(upgradeRequest("/tunnel", extraHeaders).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readUntil(in, "\r\n\r\n")).startsWith("HTTP/1.1 101");
            out.write("hello".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String echoed = readUntil(in, "hello");
            assertThat(FIRST_EVENTS.poll(10, TimeUnit.SECONDS)).isEqualTo("data");
            return echoed;
        }
    }

    @Test
    void plainJettyEndsTheTunnelOfARequestWithoutContentLengthAtOnce() throws Exception {
        // Pins the defect this module exists for: when this fails, Jetty fixed it and the module can go.
        start(new HttpConnectionFactory(new HttpConfiguration()));
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(upgradeRequest("/tunnel", "").getBytes(StandardCharsets.US_ASCII));
            assertThat(readUntil(socket.getInputStream(), "\r\n\r\n")).startsWith("HTTP/1.1 101");
            socket.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
            assertThat(FIRST_EVENTS.poll(10, TimeUnit.SECONDS)).isEqualTo("end");
        }
    }

    @Test
    void theTunnelCarriesWhatTheClientSendsAfterThe101() throws Exception {
        start(new UpgradeSafeHttpConnectionFactory(new HttpConfiguration()));
        assertThat(tunnelEcho("")).isEqualTo("hello");
    }

    @Test
    void aRequestWithContentLengthZeroStillTunnels() throws Exception {
        start(new UpgradeSafeHttpConnectionFactory(new HttpConfiguration()));
        assertThat(tunnelEcho("Content-Length: 0\r\n")).isEqualTo("hello");
    }

    @Test
    void anUpgradeRequestThatIsAnsweredNormallyEndsItsBodyAndKeepsTheConnection() throws Exception {
        start(new UpgradeSafeHttpConnectionFactory(new HttpConfiguration()));
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            // Not upgraded: the servlet reads the body to its end (must not wait for the client), answers 200,
            // and the same connection then serves a second, ordinary request.
            out.write(upgradeRequest("/plain", "").getBytes(StandardCharsets.US_ASCII));
            out.write("GET /second HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String first = readUntil(in, "body 0");
            assertThat(first).startsWith("HTTP/1.1 200");
            String second = readUntil(in, "body 0");
            assertThat(second).startsWith("HTTP/1.1 200");
        }
    }
}
