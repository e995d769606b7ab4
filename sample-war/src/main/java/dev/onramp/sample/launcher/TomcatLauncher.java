package dev.onramp.sample.launcher;

import dev.onramp.tomcat.PromptCloseHttp11NioProtocol;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Serves the sample WAR from embedded Tomcat 11, the second container the launcher offers. Tomcat finds
 * Onramp's {@code ServletContainerInitializer} in the WAR's {@code WEB-INF/lib}; tomcat-embed-websocket (Tomcat's
 * own WebSocket) is not on the classpath. Not part of the WAR.
 */
public final class TomcatLauncher implements AutoCloseable {

    private final Tomcat tomcat;
    private final Connector connector;
    private final Context context;

    private TomcatLauncher(Tomcat tomcat, Connector connector, Context context) {
        this.tomcat = tomcat;
        this.connector = connector;
        this.context = context;
    }

    /**
     * Starts Tomcat with the WAR at {@code contextPath} ("" for the root).
     *
     * @throws IllegalStateException when the web application failed to start
     */
    public static TomcatLauncher start(String host, int port, String contextPath, Path war)
            throws IOException, LifecycleException {
        return start(host, port, contextPath, war, Launcher.Io.NATIVE);
    }

    /**
     * Starts Tomcat with the WAR at {@code contextPath} ("" for the root), Onramp on the given I/O path.
     *
     * @throws IllegalStateException when the web application failed to start
     */
    public static TomcatLauncher start(String host, int port, String contextPath, Path war, Launcher.Io io)
            throws IOException, LifecycleException {
        return start(host, port, contextPath, war, io, Map.of(), 0);
    }

    /**
     * Starts Tomcat with the WAR at {@code contextPath} ("" for the root), Onramp on the given I/O path, with more
     * context init-parameters (e.g. Onramp's settings) and a connector executor of {@code maxThreads} threads
     * (Tomcat's default, 200, when 0).
     *
     * @throws IllegalStateException when the web application failed to start
     */
    public static TomcatLauncher start(String host, int port, String contextPath, Path war, Launcher.Io io,
            Map<String, String> initParameters, int maxThreads) throws IOException, LifecycleException {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("onramp-tomcat").toString());
        // no shutdown port (8005 may be taken, and a second launcher must not fail on it): await() then waits
        // until the JVM stops
        tomcat.getServer().setPort(-1);
        // Tomcat's own protocol leaves a connection that the application closed from its own thread open until the
        // peer gives up, and the module's protocol gives Onramp Tomcat's own I/O; see the onramp-tomcat-upgrade-fix module
        Connector connector = new Connector(io == Launcher.Io.STOCK ? "org.apache.coyote.http11.Http11NioProtocol"
                : PromptCloseHttp11NioProtocol.class.getName());
        connector.setPort(port);
        connector.setProperty("address", host);
        if (maxThreads > 0) {
            connector.setProperty("maxThreads", Integer.toString(maxThreads));
            connector.setProperty("minSpareThreads", Integer.toString(Math.min(maxThreads, 10)));
        }
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);
        Files.createDirectories(Path.of(tomcat.getServer().getCatalinaBase().getPath(), "webapps"));
        // Tomcat's default web.xml would add a JSP servlet, which is not on the classpath: add only what the
        // sample needs (static files and the welcome page)
        tomcat.setAddDefaultWebXmlToWebapp(false);
        Context context = tomcat.addWebapp(contextPath, war.toAbsolutePath().toString());
        io.initParameters().forEach(context::addParameter);
        initParameters.forEach(context::addParameter);
        Tomcat.addServlet(context, "default", "org.apache.catalina.servlets.DefaultServlet");
        context.addServletMappingDecoded("/", "default");
        context.addWelcomeFile("index.html");
        Tomcat.addDefaultMimeTypeMappings(context);
        // the WAR is the application: never scan the launcher's own classpath for endpoints or initializers
        ((StandardJarScanner) context.getJarScanner()).setScanClassPath(false);
        tomcat.start();
        if (!context.getState().isAvailable()) {
            tomcat.stop();
            tomcat.destroy();
            throw new IllegalStateException("the web application failed to start in Tomcat");
        }
        return new TomcatLauncher(tomcat, connector, context);
    }

    /** The connector the WAR is served on. */
    public Connector connector() {
        return connector;
    }

    /** The bound port. */
    public int port() {
        return connector.getLocalPort();
    }

    /** Adds (and starts) another connector, e.g. a TLS one, to the running server. */
    public void addConnector(Connector another) {
        tomcat.getService().addConnector(another);
    }

    /** Stops the web application only, as an undeploy does; the server keeps running. */
    public void stopWebapp() throws LifecycleException {
        context.stop();
    }

    /** Serves until the server stops. */
    public void await() {
        tomcat.getServer().await();
    }

    @Override
    public void close() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            e.printStackTrace();
        }
    }
}
