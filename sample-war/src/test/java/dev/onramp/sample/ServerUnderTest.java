package dev.onramp.sample;

import org.eclipse.jetty.ee11.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The built sample WAR deployed in a real servlet container on 127.0.0.1 and a free port, at {@link #CONTEXT}.
 * Onramp reaches the container only through the WAR's WEB-INF/lib (the test classpath leaves it out).
 */
final class ServerUnderTest implements AutoCloseable {

    static final String CONTEXT = "/sample";

    /** Where the WAR runs. */
    enum Kind { JETTY, TOMCAT }

    private final Kind kind;
    private final int port;
    private Server jetty;
    private TomcatLauncher tomcat;

    private ServerUnderTest(Kind kind) throws Exception {
        this.kind = kind;
        Path war = war();
        if (kind == Kind.JETTY) {
            jetty = Launcher.start("127.0.0.1", 0, CONTEXT, war);
            port = ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
        } else {
            tomcat = TomcatLauncher.start("127.0.0.1", 0, CONTEXT, war);
            port = tomcat.port();
        }
    }

    static ServerUnderTest start(Kind kind) throws Exception {
        return new ServerUnderTest(kind);
    }

    static Path war() {
        String configured = System.getProperty("onramp.sample.war");
        Path war = configured != null ? Path.of(configured) : Path.of("target", "onramp-sample-war.war");
        if (!Files.exists(war)) {
            throw new IllegalStateException("build the WAR first (mvn package): " + war.toAbsolutePath());
        }
        return war;
    }

    Kind kind() {
        return kind;
    }

    int port() {
        return port;
    }

    /** ws://127.0.0.1:PORT/sample + path. */
    URI ws(String path) {
        return URI.create("ws://127.0.0.1:" + port + CONTEXT + path);
    }

    /** Stops the web application only (the server keeps running), as an undeploy does. */
    void stopWebapp() throws Exception {
        if (jetty != null) {
            ((WebAppContext) jetty.getHandler()).stop();
        } else {
            tomcat.stopWebapp();
        }
    }

    @Override
    public void close() throws Exception {
        if (jetty != null) {
            jetty.stop();
        }
        if (tomcat != null) {
            tomcat.close();
        }
    }
}
