package dev.onramp.websocket.client;

import jakarta.websocket.server.ServerEndpointConfig;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import java.io.IOException;
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
        if (tls == null) {
            connector = new ServerConnector(server);
        } else {
            // Jetty would itself answer 400 to a Host its certificate does not name; the client's checks are under test
            HttpConfiguration http = new HttpConfiguration();
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            secure.setSniHostCheck(false);
            http.addCustomizer(secure);
            connector = new ServerConnector(server, new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(http));
        }
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
    public void close() throws IOException {
        try {
            server.stop();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("Jetty did not stop", e);
        }
    }
}
