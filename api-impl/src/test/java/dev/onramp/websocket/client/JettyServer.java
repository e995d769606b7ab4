package dev.onramp.websocket.client;

import jakarta.websocket.server.ServerEndpointConfig;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import java.util.List;

/** Jetty 12's own Jakarta WebSocket server on 127.0.0.1 and an ephemeral port, optionally over TLS. */
final class JettyServer implements AutoCloseable {

    private final Server server = new Server();
    private final ServerConnector connector;

    JettyServer(List<ServerEndpointConfig> endpoints, List<Class<?>> annotated) throws Exception {
        this(endpoints, annotated, null);
    }

    JettyServer(List<ServerEndpointConfig> endpoints, List<Class<?>> annotated, SslContextFactory.Server tls)
            throws Exception {
        connector = tls == null ? new ServerConnector(server) : new ServerConnector(server, tls);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        server.setHandler(context);
        JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) -> {
            for (ServerEndpointConfig config : endpoints) {
                container.addEndpoint(config);
            }
            for (Class<?> c : annotated) {
                container.addEndpoint(c);
            }
        });
        server.start();
    }

    int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
