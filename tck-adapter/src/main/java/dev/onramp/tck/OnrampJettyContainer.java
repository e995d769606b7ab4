package dev.onramp.tck;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.onramp.jetty.UpgradeSafeHttpConnectionFactory;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.ee11.webapp.Configurations;
import org.eclipse.jetty.ee11.webapp.WebAppContext;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

/**
 * An Arquillian container that runs embedded Jetty 12 (ee11, Servlet 6.1) with whatever Jakarta WebSocket provider sits
 * on the class path, which for Onramp's build is Onramp and nothing else: Jetty's own WebSocket jars are absent. Each
 * WAR becomes a {@link WebAppContext}; see {@link WarDeployingContainer} for what every Onramp container does.
 */
public class OnrampJettyContainer extends WarDeployingContainer<OnrampJettyContainerConfiguration, WebAppContext> {

    private Server server;
    private ServerConnector connector;
    private ContextHandlerCollection contexts;

    @Override
    public Class<OnrampJettyContainerConfiguration> getConfigurationClass() {
        return OnrampJettyContainerConfiguration.class;
    }

    @Override
    String name() {
        return "Jetty";
    }

    @Override
    void startServer(OnrampJettyContainerConfiguration configuration) throws Exception {
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
    }

    @Override
    void stopServer() throws Exception {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    @Override
    int port() {
        return connector.getLocalPort();
    }

    @Override
    Started<WebAppContext> startWebapp(String contextPath, Path warFile, Path tempDirectory) {
        WebAppContext webApp = new WebAppContext();
        webApp.setContextPath(contextPath);
        webApp.setWar(warFile.toString());
        webApp.setTempDirectory(tempDirectory.toFile());
        // Webapp first: a WAR's own classes (endpoints with static state, a ContainerProvider service in WEB-INF/lib)
        // must win over the copies that the test class path also holds.
        webApp.setParentLoaderPriority(false);
        webApp.setThrowUnavailableOnStartupException(false);
        contexts.addHandler(webApp);
        Throwable failure;
        try {
            webApp.start();
            failure = webApp.getUnavailableException();
        } catch (Exception e) {
            failure = e;
        }
        if (failure == null && !webApp.isAvailable()) {
            failure = new IllegalStateException("unavailable");
        }
        return new Started<>(webApp, failure);
    }

    @Override
    List<String> servletNames(WebAppContext webApp) {
        List<String> names = new ArrayList<>();
        ServletHolder[] holders = webApp.getServletHandler().getServlets();
        if (holders != null) {
            for (ServletHolder holder : holders) {
                names.add(holder.getName());
            }
        }
        return names;
    }

    @Override
    void removeWebapp(WebAppContext webApp) throws Exception {
        try {
            webApp.stop();
        } finally {
            contexts.removeHandler(webApp);
            webApp.destroy();
        }
    }
}
