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
        Path base = Files.createTempDirectory("onramp-tomcat");
        Files.createDirectories(base.resolve("webapps"));
        tomcat.setBaseDir(base.toString());
        // no shutdown port: the launcher stops on SIGTERM/Ctrl-C, and tests call stop()
        tomcat.getServer().setPort(-1);
        Connector connector = new Connector();
        connector.setPort(port);
        connector.setProperty("address", host);
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);
        String path = "/".equals(contextPath) ? "" : contextPath;
        Context context = tomcat.addWebapp(path, war.toAbsolutePath().toString());
        // deploy what the WAR holds, as a container would; never scan the launcher's own class path
        ((StandardJarScanner) context.getJarScanner()).setScanClassPath(false);
        tomcat.start();
        if (context.getState() != LifecycleState.STARTED) {
            tomcat.stop();
            throw new IllegalStateException("the web application failed to start in Tomcat (see the log above)");
        }
        return tomcat;
    }

    /** The port Tomcat listens on (the real one when 0 was asked for). */
    public static int port(Tomcat tomcat) {
        return tomcat.getConnector().getLocalPort();
    }

}
