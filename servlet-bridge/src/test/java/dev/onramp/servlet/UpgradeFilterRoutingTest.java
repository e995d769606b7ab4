package dev.onramp.servlet;

import dev.onramp.jetty.UpgradeSafeHttpConnectionFactory;
import dev.onramp.tomcat.PromptCloseHttp11NioProtocol;
import example.app.Endpoints;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The upgrade filter routes on the path the container mapped, whatever servlet mapping split it into servlet path and
 * path info: here a servlet at {@code /*} (servlet path empty, everything in the path info, as some frameworks map
 * their front controller) and one at {@code /b/*} (the endpoint's path split in two).
 */
@Timeout(60)
class UpgradeFilterRoutingTest {

    enum Kind { JETTY, TOMCAT }

    /** Answers every request that reaches it (no endpoint took it) with 404. */
    static final class NotFound extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.sendError(404);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void routesOnServletPathPlusPathInfo(Kind kind) throws Exception {
        try (Running server = start(kind)) {
            int port = server.port();
            assertThat(handshake(port, "/a")).as("servlet path '', path info /a").isEqualTo(101);
            assertThat(handshake(port, "/b/42")).as("servlet path /b, path info /42").isEqualTo(101);
            assertThat(handshake(port, "/x/../b/42")).as("normalised by the container").isEqualTo(101);
            assertThat(handshake(port, "/b;p/42")).as("a path parameter").isEqualTo(101);
            assertThat(handshake(port, "/a;p/../nothing")).as("mapped to /nothing").isEqualTo(404);
        }
    }

    /** A started container: its port and how to stop it. */
    private record Running(int port, AutoCloseable stop) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            stop.close();
        }
    }

    private static Running start(Kind kind) throws Exception {
        Set<Class<?>> classes = Set.of(Endpoints.A.class, Endpoints.B.class);
        if (kind == Kind.JETTY) {
            Server server = new Server();
            ServerConnector connector = new ServerConnector(server, new UpgradeSafeHttpConnectionFactory());
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            ServletContextHandler context = new ServletContextHandler("/app");
            context.addServlet(new ServletHolder(new NotFound()), "/*");
            context.addServlet(new ServletHolder(new NotFound()), "/b/*");
            context.addServletContainerInitializer(new OnrampServletContainerInitializer(),
                    classes.toArray(new Class<?>[0]));
            server.setHandler(context);
            server.start();
            return new Running(connector.getLocalPort(), server::stop);
        }
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("tomcat").toString());
        Connector connector = new Connector(PromptCloseHttp11NioProtocol.class.getName());
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("/app", null);
        Tomcat.addServlet(context, "front", new NotFound());
        context.addServletMappingDecoded("/*", "front");
        Tomcat.addServlet(context, "b", new NotFound());
        context.addServletMappingDecoded("/b/*", "b");
        context.addServletContainerInitializer(new OnrampServletContainerInitializer(), classes);
        tomcat.start();
        return new Running(connector.getLocalPort(), () -> {
            tomcat.stop();
            tomcat.destroy();
        });
    }

    /** The status of a valid WebSocket handshake for the path within /app. */
    private static int handshake(int port, String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("GET /app" + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                line.append((char) b);
            }
            return Integer.parseInt(line.toString().split(" ")[1]);
        }
    }
}
