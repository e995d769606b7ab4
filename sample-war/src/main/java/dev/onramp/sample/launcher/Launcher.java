package dev.onramp.sample.launcher;

import dev.onramp.jetty.UpgradeSafeHttpConnectionFactory;
import org.eclipse.jetty.ee11.webapp.Configurations;
import org.eclipse.jetty.ee11.webapp.WebAppContext;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Serves the sample WAR from embedded Jetty 12 (ee11) the way a real deployment would: the WAR carries Onramp in
 * {@code WEB-INF/lib}, Jetty finds Onramp's {@code ServletContainerInitializer} there and runs it with the
 * {@code @HandlesTypes} classes it scanned, and none of Jetty's own WebSocket jars is on the classpath.
 *
 * <p>Usage: {@code java -jar onramp-launcher.jar [--host H] [--port P] [--context /path]
 * [--container jetty|tomcat|undertow] [--io native|servlet|stock] [WAR]}; port 0 picks a free port. Once started it prints
 * {@code Onramp echo server listening on ws://HOST:PORT/echo} and serves until stopped (Ctrl-C or SIGTERM).
 * The default container is Jetty 12; {@code --container tomcat} serves the same WAR from embedded Tomcat 11
 * ({@link TomcatLauncher}), {@code --container undertow} from embedded Undertow 2.3 ({@link UndertowLauncher}). Jetty's HTTP/1.1 connector is {@link UpgradeSafeHttpConnectionFactory}: plain Jetty
 * 12.1 loses what a WebSocket client sends after the 101 of a servlet upgrade (see the onramp-jetty-upgrade-fix
 * module), and the module also gives Onramp Jetty's own I/O for upgraded connections. {@code --io servlet} keeps
 * Onramp on the portable servlet path (native I/O off for the WAR); {@code --io stock} serves from the plain
 * container, without the module.
 *
 * <p>This class is not part of the WAR (its package stays out of it); it ships in {@code onramp-launcher.jar}.
 */
public final class Launcher {

    /**
     * Jetty's connection read buffer and servlet output buffer (its defaults: 8 KiB and 32 KiB). The benchmarks'
     * Jetty server ({@code dev.onramp.bench.servers.JettyEchoServer}) uses the same value, so what they measure is
     * what this launcher serves.
     */
    static final int BUFFER_SIZE = 32 * 1024;

    /** Which I/O path Onramp runs upgraded connections on. */
    public enum Io {
        /** The container module's native I/O (the default: the launcher installs the module). */
        NATIVE,
        /** The portable servlet path with the module installed: native I/O off for the WAR (its init-parameter). */
        SERVLET,
        /** The plain container, without Onramp's container module: the portable servlet path, unfixed. */
        STOCK;

        /** The WAR's context init-parameters that select this path. */
        Map<String, String> initParameters() {
            return this == NATIVE ? Map.of() : Map.of(NATIVE_IO_SETTING, "false");
        }
    }

    /** Onramp's switch for native I/O (a context init-parameter or a system property). */
    static final String NATIVE_IO_SETTING = "dev.onramp.websocket.nativeIo";

    private Launcher() {
    }

    /** Starts the server; see the class description for the arguments. */
    public static void main(String[] args) throws Exception {
        String host = "127.0.0.1";
        int port = 9001;
        String contextPath = "/";
        String container = "jetty";
        Io io = Io.NATIVE;
        Path war = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--host" -> host = args[++i];
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--context" -> contextPath = args[++i];
                case "--container" -> container = args[++i];
                case "--io" -> io = Io.valueOf(args[++i].toUpperCase(java.util.Locale.ROOT));
                case "-h", "--help" -> {
                    System.out.println("usage: java -jar onramp-launcher.jar [--host H] [--port P] [--context /path] "
                            + "[--container jetty|tomcat|undertow] [--io native|servlet|stock] [WAR]");
                    return;
                }
                default -> war = Path.of(args[i]);
            }
        }
        if (war == null) {
            war = defaultWar();
        }
        if (!Files.exists(war)) {
            System.err.println("WAR not found: " + war.toAbsolutePath()
                    + " (build it with: ./mvnw -q -pl sample-war -am package -DskipTests)");
            System.exit(2);
        }

        String base = contextPath.endsWith("/") ? contextPath : contextPath + "/";
        String shownHost = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        if ("tomcat".equals(container)) {
            TomcatLauncher tomcat = TomcatLauncher.start(host, port, contextPath.equals("/") ? "" : contextPath, war, io);
            announce(shownHost, tomcat.port(), base);
            Runtime.getRuntime().addShutdownHook(new Thread(tomcat::close, "onramp-launcher-stop"));
            tomcat.await();
            return;
        }
        if ("undertow".equals(container)) {
            UndertowLauncher undertow = UndertowLauncher.start(host, port, contextPath, war, null);
            announce(shownHost, undertow.port(0), base);
            undertow.serveUntilStopped();
            return;
        }
        if (!"jetty".equals(container)) {
            System.err.println("unknown container " + container + " (jetty, tomcat or undertow)");
            System.exit(2);
        }
        Server server = start(host, port, contextPath, war, io);
        ServerConnector connector = (ServerConnector) server.getConnectors()[0];
        announce(shownHost, connector.getLocalPort(), base);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop();
            } catch (Exception e) {
                e.printStackTrace();
            }
        }, "onramp-launcher-stop"));
        server.join();
    }

    private static void announce(String host, int port, String base) {
        System.out.println("Onramp echo server listening on ws://" + host + ":" + port + base + "echo");
        System.out.flush();
    }

    /**
     * Starts Jetty with the WAR deployed at {@code contextPath}.
     *
     * @throws IllegalStateException when the web application failed to start
     */
    public static Server start(String host, int port, String contextPath, Path war) throws Exception {
        return start(host, port, contextPath, war, Io.NATIVE);
    }

    /**
     * Starts Jetty with the WAR deployed at {@code contextPath}, Onramp on the given I/O path.
     *
     * @throws IllegalStateException when the web application failed to start
     */
    public static Server start(String host, int port, String contextPath, Path war, Io io) throws Exception {
        return start(host, port, contextPath, war, io, Map.of(), 0);
    }

    /**
     * Starts Jetty with the WAR deployed at {@code contextPath}, Onramp on the given I/O path, with more context
     * init-parameters (e.g. Onramp's settings) and a server thread pool of {@code maxThreads} (Jetty's default, 200,
     * when 0).
     *
     * @throws IllegalStateException when the web application failed to start
     */
    public static Server start(String host, int port, String contextPath, Path war, Io io,
            Map<String, String> initParameters, int maxThreads) throws Exception {
        Server server = maxThreads > 0 ? new Server(new QueuedThreadPool(maxThreads)) : new Server();
        HttpConfiguration config = new HttpConfiguration();
        config.setInputBufferSize(BUFFER_SIZE);
        config.setOutputBufferSize(BUFFER_SIZE);
        HttpConnectionFactory http = io == Io.STOCK ? new HttpConnectionFactory(config)
                : new UpgradeSafeHttpConnectionFactory(config);
        http.setInputBufferSize(BUFFER_SIZE);
        // The connector's idle timeout (Jetty's default, 30 s) bounds handshakes and plain HTTP only: the upgrade-safe
        // factory turns it off for an upgraded connection, which Onramp's own timeouts govern (session idle timeout,
        // none by default; send timeouts, 60 s; close handshake, 5 s). With the stock factory Jetty drops an
        // upgraded connection after 30 s without traffic, without a close frame.
        ServerConnector connector = new ServerConnector(server, http);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        // every ee11 Configuration on the classpath, annotations included, so SCIs and @HandlesTypes run
        Configurations.setServerDefault(server);

        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath(contextPath);
        webapp.setWar(war.toAbsolutePath().toString());
        io.initParameters().forEach(webapp::setInitParameter);
        initParameters.forEach(webapp::setInitParameter);
        webapp.setParentLoaderPriority(false);
        webapp.setThrowUnavailableOnStartupException(true);
        webapp.setTempDirectory(Files.createTempDirectory("onramp-webapp").toFile());
        webapp.setTempDirectoryPersistent(false);
        server.setHandler(webapp);
        server.setStopAtShutdown(false);
        server.start();
        if (!webapp.isAvailable()) {
            server.stop();
            throw new IllegalStateException("the web application failed to start", webapp.getUnavailableException());
        }
        return server;
    }

    private static Path defaultWar() {
        // next to the launcher jar (sample-war/target), else relative to the repository root or the module
        try {
            Path jar = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path sibling = (Files.isDirectory(jar) ? jar.getParent() : jar.getParent()).resolve("onramp-sample-war.war");
            if (Files.exists(sibling)) {
                return sibling;
            }
        } catch (Exception ignored) {
            // fall through to the relative paths
        }
        Path fromRoot = Path.of("sample-war", "target", "onramp-sample-war.war");
        return Files.exists(fromRoot) ? fromRoot : Path.of("target", "onramp-sample-war.war");
    }
}
