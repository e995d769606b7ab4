package dev.onramp.servlet;

import dev.onramp.jetty.UpgradeSafeHttpConnectionFactory;
import dev.onramp.testing.RawWebSocket;
import dev.onramp.tomcat.PromptCloseHttp11NioProtocol;
import dev.onramp.websocket.transport.TransportHandler;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/**
 * An embedded servlet container (Jetty 12 ee11 or Tomcat 11) that upgrades every request to a raw byte
 * protocol run by a {@link ServletTransport}: tests the transport alone, with no WebSocket framing.
 */
final class RawUpgradeServer implements AutoCloseable {

    /** The timers a transport would close a Grizzly connection on (none of these containers is Grizzly). */
    static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "raw-upgrade-timer");
        thread.setDaemon(true);
        return thread;
    });

    /** The containers the transport is tested in. */
    enum Kind {
        /**
         * Jetty 12.1 ee11, with onramp-jetty-upgrade-fix's connection factory (plain Jetty 12.1 loses the upgraded
         * input of a request without {@code Content-Length}; that module's tests pin it).
         */
        JETTY,
        /** Tomcat 11, with onramp-tomcat-upgrade-fix's protocol (stock Tomcat closes upgraded sockets late). */
        TOMCAT
    }

    private final Kind kind;
    private final Function<ServletTransport, TransportHandler> handlers;
    private final AutoCloseable stopper;
    private final int port;

    RawUpgradeServer(Kind kind, Function<ServletTransport, TransportHandler> handlers) throws Exception {
        this.kind = kind;
        this.handlers = handlers;
        if (kind == Kind.JETTY) {
            Server server = new Server();
            ServerConnector connector = new ServerConnector(server, new UpgradeSafeHttpConnectionFactory());
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            ServletContextHandler context = new ServletContextHandler("/");
            context.addServlet(new ServletHolder(new UpgradingServlet()), "/*");
            server.setHandler(context);
            server.start();
            port = connector.getLocalPort();
            stopper = server::stop;
        } else {
            Tomcat tomcat = new Tomcat();
            tomcat.setBaseDir(Files.createTempDirectory("tomcat").toString());
            Connector connector = new Connector(PromptCloseHttp11NioProtocol.class.getName());
            connector.setPort(0);
            connector.setProperty("address", "127.0.0.1");
            tomcat.getService().addConnector(connector);
            tomcat.setConnector(connector);
            Context context = tomcat.addContext("", null);
            Tomcat.addServlet(context, "raw", new UpgradingServlet());
            context.addServletMappingDecoded("/*", "raw");
            tomcat.start();
            port = connector.getLocalPort();
            stopper = () -> {
                tomcat.stop();
                tomcat.destroy();
            };
        }
    }

    /**
     * Opens a socket and performs the raw upgrade (no {@code Content-Length}, as WebSocket clients send it), then
     * sends {@code firstBytes} once the 101 arrived. The socket then speaks the raw protocol.
     */
    Socket connect(byte[] firstBytes) throws IOException {
        return connect(firstBytes, false, "");
    }

    /**
     * Opens a socket and performs the raw upgrade with the given extra request header lines, sending
     * {@code firstBytes} with the request head when {@code early}, else after the 101 arrived.
     */
    Socket connect(byte[] firstBytes, boolean early, String extraHeaders) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(30_000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET /raw HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: raw\r\nConnection: Upgrade\r\n" + extraHeaders
                + "\r\n").getBytes(StandardCharsets.US_ASCII));
        if (early) {
            out.write(firstBytes);
        }
        out.flush();
        String head = RawWebSocket.readHead(socket.getInputStream());
        if (!head.startsWith("HTTP/1.1 101")) {
            throw new IOException("no upgrade: " + head);
        }
        if (!early) {
            out.write(firstBytes);
            out.flush();
        }
        return socket;
    }

    @Override
    public void close() throws Exception {
        stopper.close();
    }

    private final class UpgradingServlet extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
            resp.setStatus(HttpServletResponse.SC_SWITCHING_PROTOCOLS);
            resp.setHeader("Upgrade", "raw");
            resp.setHeader("Connection", "Upgrade");
            RawUpgrade upgrade = req.upgrade(RawUpgrade.class);
            upgrade.owner = RawUpgradeServer.this;
        }
    }

    /** Instantiated by the container; wires a transport to the test's handler. */
    public static final class RawUpgrade implements HttpUpgradeHandler {
        RawUpgradeServer owner;
        private ServletTransport transport;
        static final CompletableFuture<Void> NONE = CompletableFuture.completedFuture(null);

        public RawUpgrade() {
        }

        @Override
        public void init(WebConnection connection) {
            try {
                transport = ServletTransport.attach(connection, false, new InetSocketAddress("127.0.0.1", 0), null,
                        TIMERS);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            transport.start(owner.handlers.apply(transport));
        }

        @Override
        public void destroy() {
            if (transport != null) {
                transport.close();
            }
        }
    }
}
