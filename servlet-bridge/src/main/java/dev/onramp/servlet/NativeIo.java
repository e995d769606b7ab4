package dev.onramp.servlet;

import jakarta.servlet.ServletContext;

/**
 * The switch for container-native I/O: whether Onramp accepts a native channel that a container module
 * ({@code onramp-jetty-upgrade-fix}, {@code onramp-tomcat-upgrade-fix}) offers for an upgraded connection. On by
 * default; without such a module nothing is offered and the portable servlet path runs whatever this says.
 *
 * <p>Turned off for one web application by the context init-parameter {@value #SETTING} = {@code false}, or for the
 * whole JVM by the system property of the same name; the init-parameter, when present, wins.
 */
final class NativeIo {

    /** The name of the init-parameter and of the system property. */
    static final String SETTING = "dev.onramp.websocket.nativeIo";

    private NativeIo() {
    }

    /** Whether this application takes a native channel when a container module offers one. */
    static boolean enabled(ServletContext context) {
        String configured = context == null ? null : context.getInitParameter(SETTING);
        if (configured == null) {
            configured = System.getProperty(SETTING);
        }
        return configured == null || !"false".equalsIgnoreCase(configured.trim());
    }
}
