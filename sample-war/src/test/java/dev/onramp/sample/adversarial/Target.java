package dev.onramp.sample.adversarial;

import dev.onramp.sample.launcher.Launcher;
import dev.onramp.sample.launcher.TomcatLauncher;
import dev.onramp.testing.Await;
import jakarta.servlet.ServletContext;
import jakarta.websocket.Session;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

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

    /** How many sessions Onramp has open in this application now. */
    int openSessions() {
        return sessions().size();
    }

    /**
     * How many of them were opened with this query string: an attack may tag its connections so and count them
     * apart from the others.
     */
    int openSessionsWithQuery(String query) {
        return (int) sessions().stream().filter(s -> query.equals(s.getQueryString())).count();
    }

    /** The open sessions but the witness's, which renews its connection now and then. */
    int openSessionsButTheWitness() {
        return openSessions() - openSessionsWithQuery(Witness.QUERY);
    }

    /** The sessions Onramp has open in this application now (its server container's registry). */
    private Collection<Session> sessions() {
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
            @SuppressWarnings("unchecked")
            Collection<Session> open = (Collection<Session>) snapshot.invoke(registry);
            return open;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read Onramp's open sessions (OnrampContainer.allSessions)", e);
        }
    }

    /**
     * Waits until the server has given back everything the attack's {@code peers} made it hold: no session more
     * than {@code sessionsBefore} (the witness's left out) and no socket of theirs, and fails saying what it still
     * holds after {@code within}.
     */
    void awaitGivenBack(int sessionsBefore, Collection<RawConnection> peers, Duration within) {
        Set<Integer> ports = new HashSet<>();
        peers.forEach(p -> ports.add(p.localPort()));
        try {
            Await.until("everything the attack's peers held given back", within,
                    () -> openSessionsButTheWitness() <= sessionsBefore && ServerSockets.held(port, ports) == 0);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": the server holds " + openSessionsButTheWitness()
                    + " sessions (" + sessionsBefore + " before) and " + ServerSockets.held(port, ports)
                    + " of the peers' " + ports.size() + " connections", e);
        }
    }

    @Override
    public void close() throws Exception {
        stop.close();
    }
}
