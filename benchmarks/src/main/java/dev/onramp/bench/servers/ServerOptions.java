package dev.onramp.bench.servers;

import java.util.ServiceLoader;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.servlet.ServletContainerInitializer;

/**
 * What every server main reads from system properties, and the one line it prints when ready. The runner parses
 * that line, so its shape is fixed: {@code LISTENING <port> <implementation>}.
 */
final class ServerOptions {

    /** Message limit in bytes: {@code -Dbench.limit=16777216}. */
    static int limit() {
        return Integer.getInteger("bench.limit", 16 * 1024 * 1024);
    }

    /** Port to bind on 127.0.0.1; 0 (the default) picks a free one. */
    static int port() {
        return Integer.getInteger("bench.port", 0);
    }

    /**
     * The container initializers on this JVM's classpath (the runner gives each server its own classpath): Onramp's,
     * or the container's own WebSocket initializer, never both.
     */
    static List<ServletContainerInitializer> webSocketInitializers() {
        return ServiceLoader.load(ServletContainerInitializer.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(sci -> !(sci instanceof EchoDeployer))
                .collect(Collectors.toList());
    }

    static String describe(List<ServletContainerInitializer> initializers) {
        return initializers.stream().map(sci -> sci.getClass().getName()).collect(Collectors.joining(","));
    }

    static void announce(int port, String implementation) {
        System.out.println("LISTENING " + port + " " + implementation);
        System.out.flush();
    }

    private ServerOptions() {
    }
}
