package dev.onramp.tck;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.onramp.tomcat.PromptCloseHttp11NioProtocol;
import org.apache.catalina.Container;
import org.apache.catalina.Context;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.LifecycleEvent;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.session.StandardManager;
import org.apache.catalina.startup.ContextConfig;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * An Arquillian container that runs embedded Tomcat 11 (Servlet 6.1) with whatever Jakarta WebSocket provider sits on
 * the class path, which for Onramp's build is Onramp and nothing else: Tomcat's own WebSocket
 * ({@code tomcat-embed-websocket}) is absent. Its HTTP connector runs onramp-tomcat-upgrade-fix's
 * {@link PromptCloseHttp11NioProtocol}, as Onramp's users on Tomcat are told to. Each WAR becomes a webapp
 * {@link Context} with Tomcat's own deployment of it (web.xml, annotations, initializers), webapp-first class
 * loading (Tomcat's default), and no scan of the test class path for {@code @HandlesTypes} classes (the TCK's jar holds
 * every test's endpoints). See {@link WarDeployingContainer} for what every Onramp container does.
 */
public class OnrampTomcatContainer extends WarDeployingContainer<OnrampTomcatContainerConfiguration, Context> {

    private Tomcat tomcat;
    private Connector connector;

    @Override
    public Class<OnrampTomcatContainerConfiguration> getConfigurationClass() {
        return OnrampTomcatContainerConfiguration.class;
    }

    @Override
    String name() {
        return "Tomcat";
    }

    @Override
    void startServer(OnrampTomcatContainerConfiguration configuration) throws Exception {
        tomcat = new Tomcat();
        Path base = Files.createTempDirectory("onramp-arquillian-tomcat-");
        tomcat.setBaseDir(base.toString());
        Files.createDirectories(base.resolve("webapps"));
        tomcat.getServer().setPort(-1); // no shutdown port
        connector = new Connector(PromptCloseHttp11NioProtocol.class.getName());
        connector.setPort(configuration.getBindHttpPort());
        connector.setProperty("address", configuration.getBindAddress());
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);
        // Tomcat's default web.xml would add the JSP servlet, whose engine is not on the class path
        tomcat.setAddDefaultWebXmlToWebapp(false);
        tomcat.getHost().setAutoDeploy(false);
        tomcat.start();
    }

    @Override
    void stopServer() throws Exception {
        if (tomcat != null) {
            Path base = tomcat.getServer().getCatalinaBase().toPath();
            try {
                tomcat.stop();
                tomcat.destroy();
            } finally {
                tomcat = null;
                FileTrees.deleteQuietly(base);
            }
        }
    }

    @Override
    int port() {
        return connector.getLocalPort();
    }

    @Override
    Started<Context> startWebapp(String contextPath, Path warFile, Path tempDirectory) {
        String path = "/".equals(contextPath) ? "" : contextPath;
        ContextConfig config = new ContextConfig() {
            @Override
            public void lifecycleEvent(LifecycleEvent event) {
                Context context = (Context) event.getLifecycle();
                if (Lifecycle.BEFORE_INIT_EVENT.equals(event.getType())) {
                    if (context instanceof StandardContext standard) {
                        standard.setWorkDir(tempDirectory.toString());
                    }
                    // the WAR is the application: the TCK's jar on the class path holds every test's endpoints
                    ((StandardJarScanner) context.getJarScanner()).setScanClassPath(false);
                    if (context.getManager() instanceof StandardManager manager) {
                        manager.setPathname(null); // no sessions persisted across an undeploy
                    }
                } else if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
                    addDefaultServlet(context);
                }
                super.lifecycleEvent(event);
            }
        };
        // the server runs, so this starts the webapp; one that fails stays added, in a failed or stopped state
        Context context = tomcat.addWebapp(tomcat.getHost(), path, warFile.toString(), config);
        Throwable failure = context.getState().isAvailable() ? null
                : new IllegalStateException("webapp " + contextPath + " did not start: " + context.getStateName());
        return new Started<>(context, failure);
    }

    /**
     * What Tomcat's default {@code web.xml} gives every webapp, without its JSP servlet (no JSP engine here): the
     * default servlet at {@code /}. Tomcat runs a webapp's filters (Onramp's upgrade filter among them) only for
     * requests that some servlet is mapped to.
     */
    private static void addDefaultServlet(Context context) {
        Wrapper servlet = context.createWrapper();
        servlet.setName("default");
        servlet.setServletClass(DefaultServlet.class.getName());
        servlet.setLoadOnStartup(1);
        servlet.setOverridable(true);
        context.addChild(servlet);
        context.addServletMappingDecoded("/", "default");
        Tomcat.addDefaultMimeTypeMappings(context);
    }

    @Override
    List<String> servletNames(Context webApp) {
        List<String> names = new ArrayList<>();
        for (Container child : webApp.findChildren()) {
            names.add(child.getName());
        }
        return names;
    }

    @Override
    void removeWebapp(Context webApp) throws LifecycleException {
        try {
            webApp.stop();
        } finally {
            tomcat.getHost().removeChild(webApp); // destroys it too
        }
    }
}
