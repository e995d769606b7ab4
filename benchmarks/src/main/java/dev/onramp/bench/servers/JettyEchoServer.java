package dev.onramp.bench.servers;

import jakarta.servlet.ServletContainerInitializer;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.util.List;

/**
 * Embedded Jetty 12 (ee11) serving {@link EchoEndpoint} with whichever WebSocket implementation its classpath holds:
 * Jetty's own Jakarta WebSocket server, or Onramp. Like {@link TomcatEchoServer}, the initializers come from the jars.
 */
public final class JettyEchoServer {

    /** Starts the server and blocks; prints {@code LISTENING <port> <initializers>} when ready. */
    public static void main(String[] args) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server, http());
        connector.setHost("127.0.0.1");
        connector.setPort(ServerOptions.port());
        connector.setAcceptQueueSize(1024);
        // idle WebSocket connections of the memory workload must outlive Jetty's 30 s default
        connector.setIdleTimeout(600_000);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler("/");
        List<ServletContainerInitializer> initializers = ServerOptions.webSocketInitializers();
        for (ServletContainerInitializer sci : initializers) {
            context.addServletContainerInitializer(sci);
        }
        context.addServletContainerInitializer(new EchoDeployer(ServerOptions.limit()));
        server.setHandler(context);

        server.start();
        ServerOptions.announce(connector.getLocalPort(), "jetty:" + ServerOptions.describe(initializers));
        server.join();
    }

    /**
     * Onramp's classpath carries onramp-jetty-upgrade-fix (plain Jetty 12.1 loses what a WebSocket client sends after
     * the 101 of a servlet upgrade); Jetty's own WebSocket does not use servlet upgrades and runs on plain Jetty.
     */
    private static ConnectionFactory http() throws ReflectiveOperationException {
        HttpConfiguration config = new HttpConfiguration();
        config.setInputBufferSize(BUFFER_SIZE);
        config.setOutputBufferSize(BUFFER_SIZE);
        HttpConnectionFactory factory;
        try {
            factory = (HttpConnectionFactory) Class.forName("dev.onramp.jetty.UpgradeSafeHttpConnectionFactory")
                    .getConstructor(HttpConfiguration.class).newInstance(config);
        } catch (ClassNotFoundException plainJetty) {
            factory = new HttpConnectionFactory(config);
        }
        factory.setInputBufferSize(BUFFER_SIZE);
        return factory;
    }

    /**
     * The connection's read buffer and the servlet output buffer; Jetty's defaults are 8 KiB and 32 KiB. The same
     * for both WebSocket implementations, and what the sample WAR's launcher ({@code dev.onramp.sample.launcher.Launcher})
     * sets.
     */
    static final int BUFFER_SIZE = Integer.getInteger("onramp.bench.jettyBuffer", 32 * 1024);

    private JettyEchoServer() {
    }
}
