package dev.onramp.tck;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.onramp.jetty.UpgradeSafeHttpConnectionFactory;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.ee11.webapp.Configurations;
import org.eclipse.jetty.ee11.webapp.WebAppContext;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.client.container.LifecycleException;
import org.jboss.arquillian.container.spi.client.protocol.ProtocolDescription;
import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.container.spi.client.protocol.metadata.Servlet;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.descriptor.api.Descriptor;

/**
 * An Arquillian container that runs embedded Jetty 12 (ee11, Servlet 6.1) with whatever Jakarta WebSocket provider sits
 * on the class path, which for Onramp's build is Onramp and nothing else: Jetty's own WebSocket jars are absent.
 *
 * <p>Each {@link Archive} becomes a real webapp ({@link WebAppContext} with annotation and
 * {@code ServletContainerInitializer} processing), so the provider discovers endpoints exactly as it does in production:
 * from the {@code @HandlesTypes} set that Jetty computes over {@code WEB-INF/classes} and {@code WEB-INF/lib}.
 *
 * <p>A webapp that fails to start (an invalid endpoint, a {@code DeploymentException} from the provider) is still
 * reported as deployed, unless {@link OnrampJettyContainerConfiguration#isFailDeploymentOnStartupError()} is set: the
 * TCK's negative deployments connect to it afterwards and pass when nothing answers.
 */
public class OnrampJettyContainer implements DeployableContainer<OnrampJettyContainerConfiguration> {

    private static final System.Logger LOG = System.getLogger(OnrampJettyContainer.class.getName());

    private final Map<String, DeployedWebApp> deployed = new ConcurrentHashMap<>();
    private final AtomicInteger deploymentCounter = new AtomicInteger();

    private OnrampJettyContainerConfiguration configuration;
    private Server server;
    private ServerConnector connector;
    private ContextHandlerCollection contexts;
    private Path workDirectory;
    private boolean ownsWorkDirectory;

    /** What {@link #undeploy(Archive)} needs to take a webapp down and remove its files. */
    private record DeployedWebApp(WebAppContext webApp, Path warFile, Path tempDirectory) {
    }

    @Override
    public Class<OnrampJettyContainerConfiguration> getConfigurationClass() {
        return OnrampJettyContainerConfiguration.class;
    }

    @Override
    public void setup(OnrampJettyContainerConfiguration configuration) {
        this.configuration = configuration;
    }

    @Override
    public void start() throws LifecycleException {
        try {
            Path configured = configuration.workDirectoryPath();
            ownsWorkDirectory = configured == null;
            workDirectory = ownsWorkDirectory
                    ? Files.createTempDirectory("onramp-arquillian-")
                    : Files.createDirectories(configured);

            server = new Server();
            // Plain Jetty 12.1 loses what a WebSocket client sends after the 101 of a servlet upgrade; see onramp-jetty-upgrade-fix.
            connector = new ServerConnector(server, new UpgradeSafeHttpConnectionFactory(new HttpConfiguration()));
            connector.setHost(configuration.getBindAddress());
            connector.setPort(configuration.getBindHttpPort());
            connector.setIdleTimeout(configuration.getIdleTimeoutMillis());
            server.addConnector(connector);
            contexts = new ContextHandlerCollection();
            server.setHandler(contexts);
            // Every ee11 Configuration found on the class path, jetty-ee11-annotations included: that one runs the
            // provider's ServletContainerInitializer with its @HandlesTypes set and processes @WebServlet/@WebListener.
            Configurations.setServerDefault(server);
            server.start();
            LOG.log(Level.INFO, "Embedded Jetty for Onramp listening on {0}:{1,number,#}",
                    configuration.getBindAddress(), connector.getLocalPort());
        } catch (Exception e) {
            stopQuietly();
            throw new LifecycleException("Could not start embedded Jetty", e);
        }
    }

    @Override
    public void stop() throws LifecycleException {
        for (String name : new ArrayList<>(deployed.keySet())) {
            undeployByName(name);
        }
        try {
            if (server != null) {
                server.stop();
            }
        } catch (Exception e) {
            throw new LifecycleException("Could not stop embedded Jetty", e);
        } finally {
            server = null;
            if (ownsWorkDirectory) {
                FileTrees.deleteQuietly(workDirectory);
            }
        }
    }

    @Override
    public ProtocolDescription getDefaultProtocol() {
        // Only testable=false deployments are supported (the TCK uses no other): no protocol is ever looked up.
        return new ProtocolDescription("Local");
    }

    @Override
    public ProtocolMetaData deploy(Archive<?> archive) throws DeploymentException {
        String name = archive.getName();
        if (!name.endsWith(".war")) {
            throw new DeploymentException("Only web archives (*.war) can be deployed, got " + name);
        }
        if (deployed.containsKey(name)) {
            throw new DeploymentException(name + " is already deployed");
        }
        String contextPath = contextPathOf(name);
        Path warFile;
        Path tempDirectory;
        try {
            int n = deploymentCounter.incrementAndGet();
            Path deploymentDirectory = Files.createDirectories(workDirectory.resolve(n + "-" + name));
            warFile = deploymentDirectory.resolve(name);
            tempDirectory = Files.createDirectories(deploymentDirectory.resolve("work"));
            archive.as(ZipExporter.class).exportTo(warFile.toFile(), true);
        } catch (IOException | RuntimeException e) {
            throw new DeploymentException("Could not export " + name, e);
        }

        WebAppContext webApp = new WebAppContext();
        webApp.setContextPath(contextPath);
        webApp.setWar(warFile.toString());
        webApp.setTempDirectory(tempDirectory.toFile());
        // Webapp first: a WAR's own classes (endpoints with static state, a ContainerProvider service in WEB-INF/lib)
        // must win over the copies that the test class path also holds.
        webApp.setParentLoaderPriority(false);
        webApp.setThrowUnavailableOnStartupException(false);
        contexts.addHandler(webApp);
        deployed.put(name, new DeployedWebApp(webApp, warFile, tempDirectory));

        Throwable startupFailure;
        try {
            webApp.start();
            startupFailure = webApp.getUnavailableException();
        } catch (Exception e) {
            startupFailure = e;
        }
        if (startupFailure != null || !webApp.isAvailable()) {
            LOG.log(Level.WARNING, "Webapp " + contextPath + " did not start; it is deployed but not served", startupFailure);
            if (configuration.isFailDeploymentOnStartupError()) {
                undeployByName(name);
                throw new DeploymentException("Webapp " + contextPath + " failed to start", startupFailure);
            }
        }
        return protocolMetaData(webApp, contextPath);
    }

    private ProtocolMetaData protocolMetaData(WebAppContext webApp, String contextPath) {
        HTTPContext http = new HTTPContext(configuration.getBindAddress(), connector.getLocalPort());
        // Always present, even for a webapp that failed to start: Arquillian builds the injected URL from it.
        http.add(new Servlet("default", contextPath));
        ServletHolder[] holders = webApp.isAvailable() ? webApp.getServletHandler().getServlets() : null;
        if (holders != null) {
            for (ServletHolder holder : holders) {
                if (!"default".equals(holder.getName())) {
                    http.add(new Servlet(holder.getName(), contextPath));
                }
            }
        }
        return new ProtocolMetaData().addContext(http);
    }

    @Override
    public void undeploy(Archive<?> archive) throws DeploymentException {
        undeployByName(archive.getName());
    }

    private void undeployByName(String name) {
        DeployedWebApp app = deployed.remove(name);
        if (app == null) {
            return;
        }
        try {
            app.webApp().stop();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "Webapp " + app.webApp().getContextPath() + " did not stop cleanly", e);
        } finally {
            contexts.removeHandler(app.webApp());
            app.webApp().destroy();
            FileTrees.deleteQuietly(app.warFile().getParent());
        }
    }

    @Override
    public void deploy(Descriptor descriptor) {
        throw new UnsupportedOperationException("Descriptors cannot be deployed to " + getClass().getSimpleName());
    }

    @Override
    public void undeploy(Descriptor descriptor) {
        throw new UnsupportedOperationException("Descriptors cannot be undeployed from " + getClass().getSimpleName());
    }

    /** {@code foo.war} is served under {@code /foo}; {@code ROOT.war} under the root context. */
    static String contextPathOf(String archiveName) {
        String base = archiveName.substring(0, archiveName.length() - ".war".length());
        return "ROOT".equals(base) ? "/" : "/" + base;
    }

    /** The webapps deployed right now, by archive name (for tests of the adapter itself). */
    List<String> deployedArchiveNames() {
        return List.copyOf(deployed.keySet());
    }

    private void stopQuietly() {
        try {
            if (server != null) {
                server.stop();
            }
        } catch (Exception e) {
            LOG.log(Level.DEBUG, "Ignoring failure while stopping a server that did not start", e);
        }
        server = null;
        if (ownsWorkDirectory) {
            FileTrees.deleteQuietly(workDirectory);
        }
    }
}
