package dev.onramp.payara;

import dev.onramp.jetty.UpgradeSafeHttpConnectionFactory;
import dev.onramp.servlet.OnrampServletContainerInitializer;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.glassfish.tyrus.servlet.TyrusServletContainerInitializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The receipt handshake between this service and Onramp's initializer, in an embedded Jetty whose class path shows
 * Tyrus's initializer to the application as Payara shows it to every application: once {@link TyrusExclusion} has
 * edited the initializers as Payara has it edit them, Onramp's starts and serves; without the service, Onramp
 * refuses (in both orders of initialisation: servlet-bridge's {@code OtherImplementationTest}).
 */
@Timeout(60)
class OnrampServesWithTheServiceTest {

    @ServerEndpoint("/echo")
    public static final class Echo {
        @OnMessage
        public String echo(String message) {
            return message;
        }
    }

    private Server server;
    private ServerConnector connector;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void onrampServesAnApplicationWhoseInitializersTheServiceEdited() throws Exception {
        Map<Class<? extends ServletContainerInitializer>, Set<Class<?>>> initializers = new HashMap<>();
        initializers.put(TyrusServletContainerInitializer.class, new HashSet<>(Set.of(Echo.class)));
        initializers.put(OnrampServletContainerInitializer.class, new HashSet<>(Set.of(Echo.class)));

        new TyrusExclusion().removeServletContainerInitializers(initializers);

        assertThat(initializers).containsOnlyKeys(OnrampServletContainerInitializer.class);
        ServletContextHandler context = start(initializers.get(OnrampServletContainerInitializer.class));
        assertThat(context.isAvailable()).isTrue();
        assertThat(statusLineOfAHandshake("/echo")).startsWith("HTTP/1.1 101");
    }

    @Test
    void withoutTheServiceOnrampRefusesTheApplication() {
        assertThatThrownBy(() -> start(Set.of(Echo.class)))
                .hasStackTraceContaining("Tyrus")
                .hasStackTraceContaining("is registered for this web application")
                .hasStackTraceContaining("onramp-payara-fix");
    }

    /** Starts Onramp's initializer, with the given classes, in an embedded Jetty whose class path shows Tyrus's. */
    private ServletContextHandler start(Set<Class<?>> onrampClasses) throws Exception {
        server = new Server();
        connector = new ServerConnector(server, new UpgradeSafeHttpConnectionFactory());
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServletContainerInitializer(new OnrampServletContainerInitializer(),
                onrampClasses.toArray(Class<?>[]::new));
        server.setHandler(context);
        server.start();
        return context;
    }

    private String statusLineOfAHandshake(String path) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", connector.getLocalPort())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                line.append((char) b);
            }
            return line.toString();
        }
    }
}
