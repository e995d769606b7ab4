package dev.onramp.bench.servers;

import jakarta.servlet.ServletContainerInitializer;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Embedded Tomcat 11 serving {@link EchoEndpoint} with whichever WebSocket implementation its classpath holds:
 * Tomcat's own ({@code tomcat-embed-websocket}) or Onramp ({@code onramp-servlet-bridge}). The initializers are
 * discovered from the jars, as a container would, so the two configurations differ only in their classpath.
 */
public final class TomcatEchoServer {

    /** Starts the server and blocks; prints {@code LISTENING <port> <initializers>} when ready. */
    public static void main(String[] args) throws Exception {
        Path base = Files.createTempDirectory("onramp-bench-tomcat");
        base.toFile().deleteOnExit();
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());

        Connector connector = new Connector(protocol());
        connector.setPort(ServerOptions.port());
        connector.setProperty("address", "127.0.0.1");
        // the memory workload holds 10,000 connections; Tomcat's default cap is 8,192
        connector.setProperty("maxConnections", "-1");
        connector.setProperty("acceptCount", "1024");
        tomcat.setConnector(connector);

        Context context = tomcat.addContext("", base.toString());
        // Tomcat runs filters (where both WebSocket implementations upgrade) only for a request mapped to a servlet
        Tomcat.addServlet(context, "not-found", new NotFoundServlet());
        context.addServletMappingDecoded("/", "not-found");
        List<ServletContainerInitializer> initializers = ServerOptions.webSocketInitializers();
        for (ServletContainerInitializer sci : initializers) {
            context.addServletContainerInitializer(sci, null);
        }
        context.addServletContainerInitializer(new EchoDeployer(ServerOptions.limit()), null);

        tomcat.start();
        ServerOptions.announce(connector.getLocalPort(), "tomcat:" + ServerOptions.describe(initializers));
        tomcat.getServer().await();
    }

    private TomcatEchoServer() {
    }

    /**
     * Onramp's classpath carries onramp-tomcat-upgrade-fix (plain Tomcat 11 keeps an upgraded connection open after
     * the application closed it from its own thread); Tomcat's own WebSocket does not need it and runs on plain Tomcat.
     */
    private static String protocol() {
        String fix = "dev.onramp.tomcat.PromptCloseHttp11NioProtocol";
        try {
            Class.forName(fix);
            return fix;
        } catch (ClassNotFoundException plainTomcat) {
            return "org.apache.coyote.http11.Http11NioProtocol";
        }
    }
}
