package dev.onramp.bench.servers;

import jakarta.servlet.ServletContainerInitializer;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
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
        ServerConnector connector = new ServerConnector(server);
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

    private JettyEchoServer() {
    }
}
