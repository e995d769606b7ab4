package dev.onramp.sample;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Serves the sample WAR from embedded Tomcat 11 (Servlet 6.1) through its normal webapp deployment: Tomcat finds
 * Onramp's {@code ServletContainerInitializer} in the WAR's {@code WEB-INF/lib}; Tomcat's own WebSocket
 * implementation ({@code tomcat-embed-websocket}) is not on the class path. Part of {@code onramp-launcher.jar},
 * never of the WAR.
 */
public final class LauncherTomcat {

    private LauncherTomcat() {
    }

    /**
     * Starts Tomcat with the WAR deployed at {@code contextPath}; the caller stops it.
     *
     * @throws IllegalStateException when the web application failed to start
     */
    public static Tomcat start(String host, int port, String contextPath, Path war) throws Exception {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("onramp-tomcat").toString());
        Connector connector = new Connector();
        connector.setPort(port);
        connector.setProperty("address", host);
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);
        String path = "/".equals(contextPath) ? "" : contextPath;
        Files.createDirectories(Path.of(tomcat.getServer().getCatalinaBase().getPath(), "webapps"));
        // Tomcat's default web.xml would add a JSP servlet, which is not on the class path (a SEVERE log line at
        // every start): install only what the sample needs, static files and the welcome page
        tomcat.setAddDefaultWebXmlToWebapp(false);
        Context context = tomcat.addWebapp(path, war.toAbsolutePath().toString());
        Tomcat.addServlet(context, "default", "org.apache.catalina.servlets.DefaultServlet");
        context.addServletMappingDecoded("/", "default");
        context.addWelcomeFile("index.html");
        Tomcat.addDefaultMimeTypeMappings(context);
        // deploy what the WAR holds, as a container would; never scan the launcher's own class path
        ((StandardJarScanner) context.getJarScanner()).setScanClassPath(false);
        tomcat.start();
        if (context.getState() != LifecycleState.STARTED) {
            tomcat.stop();
            throw new IllegalStateException("the web application failed to start in Tomcat (see the log above)");
        }
        return tomcat;
    }

    /** Stops the web application at {@code contextPath} only, as an undeploy does; Tomcat keeps running. */
    public static void stopWebapp(Tomcat tomcat, String contextPath) throws Exception {
        ((Context) tomcat.getHost().findChild("/".equals(contextPath) ? "" : contextPath)).stop();
    }

    /** The port Tomcat listens on (the real one when 0 was asked for). */
    public static int port(Tomcat tomcat) {
        return tomcat.getConnector().getLocalPort();
    }

}
