package dev.onramp.sample;

import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;
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
    private Tomcat tomcat;
    private Context tomcatContext;

    private ServerUnderTest(Kind kind) throws Exception {
        this.kind = kind;
        Path war = war();
        if (kind == Kind.JETTY) {
            jetty = Launcher.start("127.0.0.1", 0, CONTEXT, war);
            port = ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
        } else {
            tomcat = new Tomcat();
            tomcat.setBaseDir(Files.createTempDirectory("tomcat").toString());
            Connector connector = new Connector();
            connector.setPort(0);
            connector.setProperty("address", "127.0.0.1");
            tomcat.getService().addConnector(connector);
            tomcat.setConnector(connector);
            tomcatContext = tomcat.addWebapp(CONTEXT, war.toAbsolutePath().toString());
            // scan the WAR only, never the test classpath
            ((StandardJarScanner) tomcatContext.getJarScanner()).setScanClassPath(false);
            tomcat.start();
            if (!tomcatContext.getState().isAvailable()) {
                throw new IllegalStateException("the sample WAR failed to start in Tomcat");
            }
            port = connector.getLocalPort();
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
            tomcatContext.stop();
        }
    }

    @Override
    public void close() throws Exception {
        if (jetty != null) {
            jetty.stop();
        }
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
        }
    }
}
