package dev.onramp.sample.launcher;

import io.undertow.Undertow;
import io.undertow.server.handlers.resource.PathResourceManager;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.api.ServletContainerInitializerInfo;
import io.undertow.servlet.api.ServletInfo;
import io.undertow.servlet.util.ImmediateInstanceFactory;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.annotation.HandlesTypes;
import jakarta.servlet.annotation.WebServlet;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.net.InetSocketAddress;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Serves the sample WAR from embedded Undertow 2.3 (servlet module only, without {@code undertow-websockets-jsr}),
 * built the way Undertow's users embed it: a deployment from {@link Servlets#deployment()}, its servlet container
 * initializers found through the WAR. Undertow itself scans nothing, so this class does what a container's deployer
 * does for it: unpacks the WAR, loads it through a class loader over {@code WEB-INF/classes} and
 * {@code WEB-INF/lib}, finds the WAR's {@link ServletContainerInitializer}s with {@link ServiceLoader} over that
 * loader, hands each one the WAR classes its {@link HandlesTypes} asks for, and registers the WAR's
 * {@link WebServlet}s. (No {@code web.xml}, {@code @WebFilter} or {@code @WebListener}: the sample has none.)
 *
 * <p>Usage: {@code java -cp onramp-launcher.jar dev.onramp.sample.UndertowLauncher [--host H] [--port P]
 * [--context /path] [--keystore FILE --keystore-password PW] [WAR]}: with a PKCS#12 key store it also serves
 * {@code wss://} on a free port. {@code java -jar onramp-launcher.jar --container undertow} serves the plain one.
 * Not part of the WAR.
 */
public final class UndertowLauncher implements AutoCloseable {

    private final Undertow undertow;
    private final DeploymentManager manager;

    private UndertowLauncher(Undertow undertow, DeploymentManager manager) {
        this.undertow = undertow;
        this.manager = manager;
    }

    /** Starts the server; see the class description for the arguments. */
    public static void main(String[] args) throws Exception {
        String host = "127.0.0.1";
        int port = 9001;
        String contextPath = "/";
        Path keyStore = null;
        String password = null;
        Path war = Path.of("sample-war", "target", "onramp-sample-war.war");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--host" -> host = args[++i];
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--context" -> contextPath = args[++i];
                case "--keystore" -> keyStore = Path.of(args[++i]);
                case "--keystore-password" -> password = args[++i];
                default -> war = Path.of(args[i]);
            }
        }
        SSLContext tls = keyStore == null ? null : tls(keyStore, password);
        UndertowLauncher launcher = start(host, port, contextPath, war, tls);
        String base = contextPath.endsWith("/") ? contextPath : contextPath + "/";
        System.out.println("Onramp echo server listening on ws://" + host + ":" + launcher.port(0) + base + "echo");
        if (tls != null) {
            System.out.println("Onramp echo server listening on wss://" + host + ":" + launcher.port(1) + base + "echo");
        }
        System.out.flush();
        launcher.serveUntilStopped();
    }

    /**
     * Starts Undertow with the WAR deployed at {@code contextPath} on an HTTP listener, plus an HTTPS one on a free
     * port when {@code tls} is given.
     *
     * @throws jakarta.servlet.ServletException when the web application fails to start
     */
    public static UndertowLauncher start(String host, int port, String contextPath, Path war, SSLContext tls)
            throws Exception {
        Path root = unpack(war);
        URLClassLoader loader = new URLClassLoader(classPath(root), UndertowLauncher.class.getClassLoader());
        List<Class<?>> warClasses = warClasses(root, loader);

        DeploymentInfo deployment = Servlets.deployment()
                .setClassLoader(loader)
                .setContextPath(contextPath.equals("/") ? "" : contextPath)
                .setDeploymentName(war.getFileName().toString())
                .setResourceManager(new PathResourceManager(root))
                .addWelcomePage("index.html");
        for (ServiceLoader.Provider<ServletContainerInitializer> provider
                : ServiceLoader.load(ServletContainerInitializer.class, loader).stream().toList()) {
            if (provider.type().getClassLoader() != loader) {
                continue; // the launcher's own class path is not the application
            }
            ServletContainerInitializer initializer = provider.get();
            deployment.addServletContainerInitializer(new ServletContainerInitializerInfo(provider.type(),
                    new ImmediateInstanceFactory<>(initializer), handled(provider.type(), warClasses)));
        }
        for (Class<?> c : warClasses) {
            WebServlet servlet = c.getAnnotation(WebServlet.class);
            if (servlet != null && Servlet.class.isAssignableFrom(c)) {
                ServletInfo info = Servlets.servlet(servlet.name().isEmpty() ? c.getName() : servlet.name(),
                        c.asSubclass(Servlet.class)).setAsyncSupported(servlet.asyncSupported());
                info.addMappings(servlet.value()).addMappings(servlet.urlPatterns());
                deployment.addServlet(info);
            }
        }

        DeploymentManager manager = Servlets.defaultContainer().addDeployment(deployment);
        manager.deploy();
        Undertow.Builder builder = Undertow.builder().addHttpListener(port, host);
        if (tls != null) {
            builder.addHttpsListener(0, host, tls);
        }
        Undertow undertow = builder.setHandler(manager.start()).build();
        undertow.start();
        return new UndertowLauncher(undertow, manager);
    }

    /** The port of the {@code index}th listener: 0 the HTTP one, 1 the HTTPS one. */
    public int port(int index) {
        return ((InetSocketAddress) undertow.getListenerInfo().get(index).getAddress()).getPort();
    }

    /** Serves until the JVM is stopped (Ctrl-C or SIGTERM), then stops the server. */
    public void serveUntilStopped() throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            close();
            stopped.countDown();
        }, "onramp-launcher-stop"));
        stopped.await();
    }

    @Override
    public void close() {
        undertow.stop();
        try {
            manager.stop();
        } catch (jakarta.servlet.ServletException e) {
            e.printStackTrace();
        }
        manager.undeploy();
    }

    /** The WAR's classes that {@code initializer}'s {@link HandlesTypes} asks for, as the servlet specification says. */
    private static Set<Class<?>> handled(Class<?> initializer, List<Class<?>> warClasses) {
        HandlesTypes types = initializer.getAnnotation(HandlesTypes.class);
        if (types == null) {
            return null;
        }
        Set<Class<?>> handled = new HashSet<>();
        for (Class<?> c : warClasses) {
            for (Class<?> type : types.value()) {
                boolean matches = type.isAnnotation()
                        ? c.isAnnotationPresent(type.asSubclass(Annotation.class))
                        : type.isAssignableFrom(c) && c != type;
                if (matches) {
                    handled.add(c);
                }
            }
        }
        return handled;
    }

    private static Path unpack(Path war) throws IOException {
        Path root = Files.createTempDirectory("onramp-undertow-");
        root.toFile().deleteOnExit();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(war))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException("entry outside the WAR's root: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target);
                }
            }
        }
        return root;
    }

    private static URL[] classPath(Path root) throws IOException {
        List<URL> urls = new ArrayList<>();
        urls.add(root.resolve("WEB-INF/classes/").toUri().toURL());
        Path lib = root.resolve("WEB-INF/lib");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> jars = Files.list(lib)) {
                for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                    urls.add(jar.toUri().toURL());
                }
            }
        }
        return urls.toArray(URL[]::new);
    }

    /** Every class of {@code WEB-INF/classes} and {@code WEB-INF/lib}, loaded (not initialised) through the WAR's loader. */
    private static List<Class<?>> warClasses(Path root, ClassLoader loader) throws IOException {
        List<String> names = new ArrayList<>();
        Path classes = root.resolve("WEB-INF/classes");
        if (Files.isDirectory(classes)) {
            try (Stream<Path> files = Files.walk(classes)) {
                files.map(file -> classes.relativize(file).toString().replace(java.io.File.separatorChar, '/'))
                        .forEach(names::add);
            }
        }
        for (URL url : classPath(root)) {
            if (url.getPath().endsWith(".jar")) {
                try (JarFile jar = new JarFile(Path.of(java.net.URI.create(url.toString())).toFile())) {
                    jar.stream().map(ZipEntry::getName).forEach(names::add);
                }
            }
        }
        List<Class<?>> loaded = new ArrayList<>();
        for (String name : names) {
            if (!name.endsWith(".class") || name.endsWith("module-info.class") || name.startsWith("META-INF/")) {
                continue;
            }
            try {
                loaded.add(Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), false, loader));
            } catch (ClassNotFoundException | LinkageError e) {
                // a class that needs what the application does not carry is no endpoint of it
            }
        }
        return loaded;
    }

    private static SSLContext tls(Path keyStore, String password) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            keys.load(in, password.toCharArray());
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, password.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        return context;
    }
}
