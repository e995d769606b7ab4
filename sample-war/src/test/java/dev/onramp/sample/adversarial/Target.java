package dev.onramp.sample.adversarial;

import dev.onramp.sample.launcher.Launcher;
import dev.onramp.sample.launcher.TomcatLauncher;
import dev.onramp.testing.Await;
import jakarta.servlet.ServletContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;

/**
 * The sample WAR with the suite's descriptors ({@link ProtectedSampleWar}) served by one container on 127.0.0.1 and
 * a free port at {@link #CONTEXT}, started by the sample's own launcher code. Onramp reaches the container only
 * through the WAR's {@code WEB-INF/lib}.
 */
final class Target implements AutoCloseable {

    static final String CONTEXT = "/sample";

    private final Container container;
    private final AutoCloseable stop;
    private final int port;

    private Target(Container container, AutoCloseable stop, int port) {
        this.container = container;
        this.stop = stop;
        this.port = port;
    }

    static Target start(Container container, Path webapp) throws Exception {
        if (container == Container.JETTY) {
            Server jetty = Launcher.start("127.0.0.1", 0, CONTEXT, webapp);
            return new Target(container, jetty::stop, ((ServerConnector) jetty.getConnectors()[0]).getLocalPort());
        }
        TomcatLauncher tomcat = TomcatLauncher.start("127.0.0.1", 0, CONTEXT, webapp);
        return new Target(container, tomcat, tomcat.port());
    }

    Container container() {
        return container;
    }

    int port() {
        return port;
    }

    /** ws://127.0.0.1:PORT/sample + path. */
    URI ws(String path) {
        return URI.create("ws://127.0.0.1:" + port + CONTEXT + path);
    }

    /** The sessions Onramp has open in this application now (its server container's registry). */
    int openSessions() {
        ServletContext context = ContextCapture.running(container.name(), CONTEXT);
        if (context == null) {
            throw new IllegalStateException("the application at " + CONTEXT + " is not running");
        }
        Object serverContainer = context.getAttribute("jakarta.websocket.server.ServerContainer");
        try {
            // Onramp's registry of open sessions, read reflectively: its classes live in the webapp's class loader
            Method allSessions = serverContainer.getClass().getMethod("allSessions");
            Object registry = allSessions.invoke(serverContainer);
            Method snapshot = registry.getClass().getMethod("snapshot");
            return ((Collection<?>) snapshot.invoke(registry)).size();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read Onramp's open sessions (OnrampContainer.allSessions)", e);
        }
    }

    /** TCP connections whose server side is still open on this target's port (see {@link ServerSockets}). */
    int serverConnections() {
        return ServerSockets.held(port);
    }

    /** What the server holds for its peers at one moment: open sessions and connection sockets. */
    record Holdings(int sessions, int sockets) {
    }

    Holdings holdings() {
        return new Holdings(openSessions(), serverConnections());
    }

    /**
     * Waits until the server holds again what it held {@code before} an attack (the same sessions, no more
     * sockets), and fails saying what it still holds after {@code within}.
     */
    void awaitGivenBack(Holdings before, Duration within) {
        try {
            Await.until("everything the attack's peers held given back", within, () -> {
                Holdings now = holdings();
                return now.sessions() == before.sessions() && now.sockets() <= before.sockets();
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": the server holds " + holdings() + ", held " + before
                    + " before", e);
        }
    }

    @Override
    public void close() throws Exception {
        stop.close();
    }
}
