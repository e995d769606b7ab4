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
 * What the Onramp Arquillian containers share: one embedded servlet container per start, whatever Jakarta WebSocket
 * provider sits on the class path (for Onramp's build, Onramp and nothing else), and each {@link Archive} deployed as a
 * real webapp with annotation and {@code ServletContainerInitializer} processing, webapp-first class loading, at
 * {@code /<war name>}. The provider discovers endpoints as in production: from the {@code @HandlesTypes} set the
 * container computes over {@code WEB-INF/classes} and {@code WEB-INF/lib}.
 *
 * <p>A webapp that fails to start (an invalid endpoint, a {@code DeploymentException} from the provider) is still
 * reported as deployed, with its metadata, unless {@link OnrampContainerConfiguration#isFailDeploymentOnStartupError()}
 * is set: the TCK's negative deployments connect to it afterwards and pass when nothing answers.
 *
 * @param <C> the container's configuration
 * @param <W> the container's handle on one webapp
 */
abstract class WarDeployingContainer<C extends OnrampContainerConfiguration, W> implements DeployableContainer<C> {

    private static final System.Logger LOG = System.getLogger(WarDeployingContainer.class.getName());

    private final Map<String, Deployed<W>> deployed = new ConcurrentHashMap<>();
    private final AtomicInteger deploymentCounter = new AtomicInteger();

    private C configuration;
    private Path workDirectory;
    private boolean ownsWorkDirectory;

    /** What {@link #undeploy(Archive)} needs to take a webapp down and remove its files. */
    private record Deployed<W>(W webApp, String contextPath, Path warFile) {
    }

    /** A webapp the container tried to start: its handle, and why it is not served (null when it is). */
    record Started<W>(W webApp, Throwable failure) {
    }

    /** The container's name in messages. */
    abstract String name();

    /** Starts the server with its HTTP connector on the configured address and port. */
    abstract void startServer(C configuration) throws Exception;

    /** Stops the server; called once every webapp was undeployed. */
    abstract void stopServer() throws Exception;

    /** The port the HTTP connector listens on. */
    abstract int port();

    /**
     * Deploys and starts the WAR at {@code contextPath}, unpacking it under {@code tempDirectory}. A webapp that fails
     * to start is returned with its failure, never thrown: only infrastructure failures throw.
     */
    abstract Started<W> startWebapp(String contextPath, Path warFile, Path tempDirectory) throws Exception;

    /** The servlets a started webapp serves (only used for the metadata; {@code default} is always added). */
    abstract List<String> servletNames(W webApp);

    /** Stops and removes a webapp, whether it started or not. */
    abstract void removeWebapp(W webApp) throws Exception;

    @Override
    public void setup(C configuration) {
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
            startServer(configuration);
            LOG.log(Level.INFO, "Embedded {0} for Onramp listening on {1}:{2,number,#}", name(),
                    configuration.getBindAddress(), port());
        } catch (Exception e) {
            stopQuietly();
            throw new LifecycleException("Could not start embedded " + name(), e);
        }
    }

    @Override
    public void stop() throws LifecycleException {
        for (String name : new ArrayList<>(deployed.keySet())) {
            undeployByName(name);
        }
        try {
            stopServer();
        } catch (Exception e) {
            throw new LifecycleException("Could not stop embedded " + name(), e);
        } finally {
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

        Started<W> started;
        try {
            started = startWebapp(contextPath, warFile, tempDirectory);
        } catch (Exception e) {
            FileTrees.deleteQuietly(warFile.getParent());
            throw new DeploymentException("Could not deploy " + name + " to " + name(), e);
        }
        deployed.put(name, new Deployed<>(started.webApp(), contextPath, warFile));
        if (started.failure() != null) {
            LOG.log(Level.WARNING, "Webapp " + contextPath + " did not start; it is deployed but not served",
                    started.failure());
            if (configuration.isFailDeploymentOnStartupError()) {
                undeployByName(name);
                throw new DeploymentException("Webapp " + contextPath + " failed to start", started.failure());
            }
        }
        HTTPContext http = new HTTPContext(configuration.getBindAddress(), port());
        // Always present, even for a webapp that failed to start: Arquillian builds the injected URL from it.
        http.add(new Servlet("default", contextPath));
        if (started.failure() == null) {
            for (String servlet : servletNames(started.webApp())) {
                if (!"default".equals(servlet)) {
                    http.add(new Servlet(servlet, contextPath));
                }
            }
        }
        return new ProtocolMetaData().addContext(http);
    }

    @Override
    public void undeploy(Archive<?> archive) {
        undeployByName(archive.getName());
    }

    private void undeployByName(String name) {
        Deployed<W> app = deployed.remove(name);
        if (app == null) {
            return;
        }
        try {
            removeWebapp(app.webApp());
        } catch (Exception e) {
            LOG.log(Level.WARNING, "Webapp " + app.contextPath() + " did not stop cleanly", e);
        } finally {
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
            stopServer();
        } catch (Exception e) {
            LOG.log(Level.DEBUG, "Ignoring failure while stopping a server that did not start", e);
        }
        if (ownsWorkDirectory) {
            FileTrees.deleteQuietly(workDirectory);
        }
    }
}
