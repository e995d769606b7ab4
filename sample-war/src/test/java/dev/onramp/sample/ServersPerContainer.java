package dev.onramp.sample;

import dev.onramp.sample.ServerUnderTest.Kind;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The sample WAR in each container, started once for a test class and stopped after it. Register as
 * {@code @RegisterExtension static final ServersPerContainer SERVERS = new ServersPerContainer();} and run the
 * tests over {@link #containers()} ({@code @MethodSource("dev.onramp.sample.ServersPerContainer#containers")}).
 */
final class ServersPerContainer implements BeforeAllCallback, AfterAllCallback {

    private final Map<Kind, ServerUnderTest> servers = new EnumMap<>(Kind.class);

    /**
     * Both containers with their Onramp modules, each on the native I/O path (as the launcher runs them) and on the
     * portable servlet path (native I/O turned off).
     */
    static List<Kind> containers() {
        return List.of(Kind.TOMCAT, Kind.JETTY, Kind.TOMCAT_SERVLET_IO, Kind.JETTY_SERVLET_IO);
    }

    ServerUnderTest get(Kind kind) {
        return servers.get(kind);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        for (Kind kind : containers()) {
            servers.put(kind, ServerUnderTest.start(kind));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        Exception first = null;
        for (ServerUnderTest server : servers.values()) {
            try {
                server.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        servers.clear();
        if (first != null) {
            throw first;
        }
    }
}
