package dev.onramp.sample.adversarial;

import dev.onramp.jetty.UpgradeSafeHttpConnectionFactory;
import dev.onramp.tomcat.PromptCloseHttp11NioProtocol;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Constants;
import org.apache.catalina.startup.ContextConfig;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;
import org.eclipse.jetty.ee11.webapp.Configurations;
import org.eclipse.jetty.ee11.webapp.WebAppContext;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One running container into which a web application is deployed and undeployed again and again, through the
 * container's own deployment API (Jetty: a {@link WebAppContext} added to and removed from the server's contexts;
 * Tomcat: a context added to and removed from the host), as a hot redeploy does. Connectors as the sample's launcher
 * sets them up.
 */
abstract class Redeployer implements AutoCloseable {

    static Redeployer start(Container container) throws Exception {
        return container == Container.JETTY ? new Jetty() : new Tomcat11();
    }

    abstract int port();

    /** Deploys the exploded WAR at the context path and starts it. */
    abstract void deploy(String contextPath, Path webapp) throws Exception;

    /** Stops the application at the context path and removes it from the container. */
    abstract void undeploy(String contextPath) throws Exception;

    private static final class Jetty extends Redeployer {
        private final Server server = new Server();
        private final ServerConnector connector;
        private final ContextHandlerCollection contexts = new ContextHandlerCollection();

        Jetty() throws Exception {
            connector = new ServerConnector(server, new UpgradeSafeHttpConnectionFactory(new HttpConfiguration()));
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            server.setHandler(contexts);
            Configurations.setServerDefault(server);
            server.start();
        }

        @Override
        int port() {
            return connector.getLocalPort();
        }

        @Override
        void deploy(String contextPath, Path webapp) throws Exception {
            WebAppContext context = new WebAppContext();
            context.setContextPath(contextPath);
            context.setWar(webapp.toString());
            context.setParentLoaderPriority(false);
            context.setThrowUnavailableOnStartupException(true);
            context.setTempDirectory(Files.createTempDirectory("onramp-redeploy").toFile());
            context.setTempDirectoryPersistent(false);
            contexts.addHandler(context);
            if (!context.isStarted()) {
                context.start();
            }
            if (!context.isAvailable()) {
                throw new IllegalStateException("the application did not start", context.getUnavailableException());
            }
        }

        @Override
        void undeploy(String contextPath) throws Exception {
            for (var handler : contexts.getHandlers()) {
                if (handler instanceof WebAppContext w && w.getContextPath().equals(contextPath)) {
                    w.stop();
                    contexts.removeHandler(w);
                    w.destroy();
                }
            }
        }

        @Override
        public void close() throws Exception {
            server.stop();
        }
    }

    private static final class Tomcat11 extends Redeployer {
        private final Tomcat tomcat = new Tomcat();
        private final Connector connector;

        Tomcat11() throws Exception {
            tomcat.setBaseDir(Files.createTempDirectory("onramp-redeploy-tomcat").toString());
            tomcat.getServer().setPort(-1);
            connector = new Connector(PromptCloseHttp11NioProtocol.class.getName());
            connector.setPort(0);
            connector.setProperty("address", "127.0.0.1");
            tomcat.getService().addConnector(connector);
            tomcat.setConnector(connector);
            Files.createDirectories(Path.of(tomcat.getServer().getCatalinaBase().getPath(), "webapps"));
            tomcat.getHost().setAutoDeploy(false);
            tomcat.start();
        }

        @Override
        int port() {
            return connector.getLocalPort();
        }

        @Override
        void deploy(String contextPath, Path webapp) {
            StandardContext context = new StandardContext();
            context.setName(contextPath);
            context.setPath(contextPath);
            context.setDocBase(webapp.toString());
            ContextConfig config = new ContextConfig();
            config.setDefaultWebXml(Constants.NoDefaultWebXml); // no JSP servlet: Jasper is not on the class path
            context.addLifecycleListener(config);
            // the WAR is the application: never scan the test's class path for initializers
            ((StandardJarScanner) context.getJarScanner()).setScanClassPath(false);
            tomcat.getHost().addChild(context); // starts it
            if (!context.getState().isAvailable()) {
                throw new IllegalStateException("the application did not start in Tomcat");
            }
        }

        @Override
        void undeploy(String contextPath) {
            Context context = (Context) tomcat.getHost().findChild(contextPath);
            tomcat.getHost().removeChild(context); // stops and destroys it
        }

        @Override
        public void close() throws Exception {
            tomcat.stop();
            tomcat.destroy();
        }
    }
}
