package dev.onramp.servlet;

import example.app.Endpoints;
import jakarta.servlet.ServletContainerInitializer;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Onramp beside another Jakarta WebSocket implementation in one application, with the other implementation's real
 * initializer (Tyrus 2.2, Tomcat 11's {@code WsSci}, each from a class loader of its own) run before and after
 * Onramp's in an embedded Jetty: the outcome is the same in both orders, a failed start whose message names the
 * other implementation and how to leave it out. (With onramp-payara-fix's service applied as Payara applies it,
 * Onramp serves in both orders: that module's tests.)
 */
@Timeout(60)
class OtherImplementationTest {

    private static final String TYRUS = "org.glassfish.tyrus.servlet.TyrusServletContainerInitializer";
    private static final String TOMCAT = "org.apache.tomcat.websocket.server.WsSci";

    private Server server;
    private URLClassLoader otherLoader;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
        if (otherLoader != null) {
            otherLoader.close();
        }
    }

    @Test
    void tyrusFirstStopsTheStartWithAMessageThatNamesTyrusAndTheWayOut() throws Exception {
        Outcome outcome = run(TYRUS, true);
        assertThat(outcome.failure()).contains("Tyrus").contains(TYRUS.substring(0, 20))
                .contains("before Onramp's initializer ran").contains("onramp-payara-fix");
    }

    @Test
    void tyrusAfterOnrampStopsTheStartAsWell() throws Exception {
        // Tyrus as Payara bundles it steps aside when it runs second: Onramp must refuse in that order too
        Outcome outcome = run(TYRUS, false);
        assertThat(outcome.failure()).contains("Tyrus").contains("is registered for this web application")
                .contains("onramp-payara-fix");
    }

    @Test
    void tyrusReplacingOnrampsContainerStopsTheStart() throws Exception {
        // Tyrus 2.2.0 replaces the published container when it runs second. Here the application's class loader does
        // not register Tyrus's initializer (the container adds it), so Onramp does not refuse up front, and the
        // replacement check is what stops the start
        Outcome outcome = run(TYRUS, false, false);
        assertThat(outcome.failure()).contains("Tyrus").contains("replaced Onramp's ServerContainer");
    }

    @Test
    void tomcatsOwnFirstStopsTheStartWithAMessageThatNamesTomcatAndTheWayOut() throws Exception {
        Outcome outcome = run(TOMCAT, true);
        assertThat(outcome.failure()).contains("Tomcat's own WebSocket implementation")
                .contains("before Onramp's initializer ran").contains("containerSciFilter");
    }

    @Test
    void tomcatsOwnAfterOnrampStopsTheStart() throws Exception {
        Outcome outcome = run(TOMCAT, false);
        assertThat(outcome.failure()).contains("Tomcat's own WebSocket implementation")
                .contains("replaced Onramp's ServerContainer").contains("containerSciFilter");
    }

    private Outcome run(String otherInitializer, boolean otherFirst) throws Exception {
        return run(otherInitializer, otherFirst, true);
    }

    /**
     * Runs the other implementation's initializer before or after Onramp's, in a context whose class loader sees the
     * other implementation's jars when {@code registeredThroughTheApplication} (as a container's own implementation
     * is seen from a webapp), else the test's.
     */
    private Outcome run(String otherInitializer, boolean otherFirst, boolean registeredThroughTheApplication)
            throws Exception {
        otherLoader = loaderFor(otherInitializer.equals(TYRUS) ? "tyrus" : "tomcat");
        ServletContainerInitializer other = otherLoader.loadClass(otherInitializer)
                .asSubclass(ServletContainerInitializer.class).getConstructor().newInstance();
        Map<ServletContainerInitializer, Set<Class<?>>> ordered = new LinkedHashMap<>();
        if (otherFirst) {
            ordered.put(other, new HashSet<>(Set.of(Endpoints.A.class)));
        }
        ordered.put(new OnrampServletContainerInitializer(), new HashSet<>(Set.of(Endpoints.A.class)));
        if (!otherFirst) {
            ordered.put(other, new HashSet<>(Set.of(Endpoints.A.class)));
        }
        Outcome outcome = start(ordered, registeredThroughTheApplication ? otherLoader : getClass().getClassLoader());
        assertThat(outcome.failure()).as("the start fails").isNotNull();
        return outcome;
    }

    /** Starts a context with the given class loader, running the initializers in order. */
    private Outcome start(Map<ServletContainerInitializer, Set<Class<?>>> initializers, ClassLoader loader)
            throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.setClassLoader(loader);
        initializers.forEach((sci, classes) -> context.addServletContainerInitializer(sci,
                classes.toArray(Class<?>[]::new)));
        server.setHandler(context);
        String failure = null;
        try {
            server.start();
        } catch (Exception e) {
            failure = messages(e);
        }
        if (failure == null && !context.isAvailable()) {
            failure = "unavailable";
        }
        return new Outcome(failure, connector.getLocalPort());
    }

    private record Outcome(String failure, int port) {
    }

    private static String messages(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable cause = t; cause != null; cause = cause.getCause()) {
            all.append(cause).append('\n');
            for (Throwable suppressed : cause.getSuppressed()) {
                all.append(messages(suppressed));
            }
        }
        return all.toString();
    }

    /** A class loader over the jars of one other implementation, child of the test's. */
    private static URLClassLoader loaderFor(String name) throws IOException {
        Path directory = Path.of(System.getProperty("onramp.other.implementations",
                "target/other-implementations"), name);
        try (Stream<Path> jars = Files.list(directory)) {
            URL[] urls = jars.map(jar -> {
                try {
                    return jar.toUri().toURL();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).toArray(URL[]::new);
            assertThat(urls).as("jars in %s", directory).isNotEmpty();
            return new URLClassLoader(urls, OtherImplementationTest.class.getClassLoader());
        }
    }
}
