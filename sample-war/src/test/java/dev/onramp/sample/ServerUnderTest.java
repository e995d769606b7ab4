package dev.onramp.sample;

import dev.onramp.jetty.UpgradeSafeHttpConnectionFactory;
import dev.onramp.sample.launcher.Launcher;
import dev.onramp.sample.launcher.TomcatLauncher;
import dev.onramp.testing.SelfSignedCertificate;
import dev.onramp.tomcat.PromptCloseHttp11NioProtocol;
import org.apache.catalina.connector.Connector;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.eclipse.jetty.ee11.webapp.WebAppContext;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The built sample WAR deployed in a real servlet container on 127.0.0.1 and a free port, at {@link #CONTEXT}.
 * Onramp reaches the container only through the WAR's WEB-INF/lib (the test classpath leaves it out).
 */
final class ServerUnderTest implements AutoCloseable {

    static final String CONTEXT = "/sample";

    /** Where the WAR runs: the container, with its Onramp module, and the I/O path Onramp takes there. */
    enum Kind {
        /** Jetty as the launcher runs it: Onramp on Jetty's own I/O. */
        JETTY(Container.JETTY, Launcher.Io.NATIVE),
        /** Tomcat as the launcher runs it: Onramp on Tomcat's own I/O. */
        TOMCAT(Container.TOMCAT, Launcher.Io.NATIVE),
        /** Jetty with the module, Onramp's native I/O turned off: the portable servlet path. */
        JETTY_SERVLET_IO(Container.JETTY, Launcher.Io.SERVLET),
        /** Tomcat with the module, Onramp's native I/O turned off: the portable servlet path. */
        TOMCAT_SERVLET_IO(Container.TOMCAT, Launcher.Io.SERVLET);

        final Container container;
        final Launcher.Io io;

        Kind(Container container, Launcher.Io io) {
            this.container = container;
            this.io = io;
        }
    }

    /** The servlet container. */
    enum Container { JETTY, TOMCAT }

    private final Kind kind;
    private final int port;
    private Server jetty;
    private TomcatLauncher tomcat;

    private ServerUnderTest(Kind kind, Container container, Launcher.Io io) throws Exception {
        this.kind = kind;
        Path war = war();
        if (container == Container.JETTY) {
            jetty = Launcher.start("127.0.0.1", 0, CONTEXT, war, io);
            port = ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
        } else {
            tomcat = TomcatLauncher.start("127.0.0.1", 0, CONTEXT, war, io);
            port = tomcat.port();
        }
    }

    static ServerUnderTest start(Kind kind) throws Exception {
        return new ServerUnderTest(kind, kind.container, kind.io);
    }

    /** The WAR in the plain container, without Onramp's container module (no {@link Kind}). */
    static ServerUnderTest startStock(Container container) throws Exception {
        return new ServerUnderTest(null, container, Launcher.Io.STOCK);
    }

    /**
     * How many of the server's open connections run on a container module's native I/O now: Jetty endpoints whose
     * connection is the module's, Tomcat sockets whose processor is. A connection in the middle of a Tomcat dispatch
     * is not counted (its processor is taken meanwhile).
     */
    long nativeConnections() throws Exception {
        if (jetty != null) {
            return ((ServerConnector) jetty.getConnectors()[0]).getConnectedEndPoints().stream()
                    .filter(endPoint -> isNative(endPoint.getConnection()))
                    .count();
        }
        // the endpoint is protected in Tomcat's API: a test may look
        java.lang.reflect.Method endpoint = org.apache.coyote.AbstractProtocol.class.getDeclaredMethod("getEndpoint");
        endpoint.setAccessible(true);
        org.apache.tomcat.util.net.AbstractEndpoint<?, ?> connections = (org.apache.tomcat.util.net.AbstractEndpoint<?, ?>)
                endpoint.invoke(tomcat.connector().getProtocolHandler());
        return connections.getConnections().stream()
                .filter(socket -> isNative(socket.getCurrentProcessor()))
                .count();
    }

    private static boolean isNative(Object connectionOrProcessor) {
        String name = connectionOrProcessor == null ? "" : connectionOrProcessor.getClass().getName();
        return name.equals("dev.onramp.jetty.NativeUpgradeConnection")
                || name.equals("dev.onramp.tomcat.NativeUpgradeProcessor");
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

    /**
     * Adds a TLS connector on 127.0.0.1 and a free port to the running server, as the launcher sets the plain one up
     * (on Jetty the upgrade-safe HTTP/1.1 factory behind TLS, on Tomcat the prompt-close protocol); returns its port.
     */
    int addTls(SelfSignedCertificate tls) throws Exception {
        if (jetty != null) {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStorePath(tls.keyStore().toString());
            ssl.setKeyStorePassword(SelfSignedCertificate.PASSWORD);
            HttpConfiguration config = new HttpConfiguration();
            config.addCustomizer(new SecureRequestCustomizer());
            ServerConnector connector = new ServerConnector(jetty, new SslConnectionFactory(ssl, "http/1.1"),
                    new UpgradeSafeHttpConnectionFactory(config));
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            jetty.addConnector(connector);
            connector.start();
            return connector.getLocalPort();
        }
        Connector connector = new Connector(PromptCloseHttp11NioProtocol.class.getName());
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        connector.setScheme("https");
        connector.setSecure(true);
        connector.setProperty("SSLEnabled", "true");
        SSLHostConfig host = new SSLHostConfig();
        SSLHostConfigCertificate certificate =
                new SSLHostConfigCertificate(host, SSLHostConfigCertificate.Type.UNDEFINED);
        certificate.setCertificateKeystoreFile(tls.keyStore().toString());
        certificate.setCertificateKeystorePassword(SelfSignedCertificate.PASSWORD);
        host.addCertificate(certificate);
        connector.addSslHostConfig(host);
        tomcat.addConnector(connector);
        return connector.getLocalPort();
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
