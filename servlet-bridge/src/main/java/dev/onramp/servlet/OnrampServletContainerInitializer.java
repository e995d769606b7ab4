package dev.onramp.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.HandlesTypes;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;

import java.lang.reflect.Modifier;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Starts Onramp in a web application: publishes the {@link ServerContainer}, deploys the application's endpoints
 * (filtered by its {@link ServerApplicationConfig}s, if any), and installs the upgrade filter and the listeners
 * that close sessions when the application stops or an HTTP session ends.
 */
@HandlesTypes({ServerEndpoint.class, ServerApplicationConfig.class, Endpoint.class})
public final class OnrampServletContainerInitializer implements ServletContainerInitializer {

    /** The context attribute under which the specification has the server container published. */
    public static final String SERVER_CONTAINER_ATTRIBUTE = "jakarta.websocket.server.ServerContainer";

    static final String FILTER_NAME = "onramp-websocket-upgrade";

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) throws ServletException {
        refuseAnotherImplementation(context.getAttribute(SERVER_CONTAINER_ATTRIBUTE));
        OnrampServerContainer container = new OnrampServerContainer(context);
        // published before anything can fail, so the application always finds it
        context.setAttribute(SERVER_CONTAINER_ATTRIBUTE, container);

        FilterRegistration.Dynamic filter = context.addFilter(FILTER_NAME, new UpgradeFilter(container));
        if (filter != null) {
            filter.setAsyncSupported(true);
            filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
        }
        context.addListener(new Shutdown(container));
        context.addListener(container.httpSessions());

        deploy(classes == null ? Set.of() : classes, container);
    }

    /**
     * A container's own WebSocket implementation (Tomcat's {@code tomcat-websocket.jar}, Jetty's
     * {@code ee11-websocket-jakarta} module) initializes the same application before Onramp does. Two implementations
     * cannot share one context: each one's filter expects its own {@link ServerContainer} under the attribute (on
     * Tomcat, its filter then fails with a ClassCastException that names neither). Refusing here says what to change.
     */
    private static void refuseAnotherImplementation(Object published) throws ServletException {
        if (published == null || published instanceof OnrampServerContainer) {
            return;
        }
        throw new ServletException("Another WebSocket implementation (" + published.getClass().getName()
                + ") already published a ServerContainer in this web application; Onramp cannot run beside it."
                + " Disable the container's own WebSocket support for this application: on Tomcat, the attribute"
                + " containerSciFilter=\"org\\.apache\\.tomcat\\.websocket\\.server\\.WsSci\" on its <Context>"
                + " (META-INF/context.xml) or remove lib/tomcat-websocket.jar; on Jetty, leave the"
                + " ee11-websocket-jakarta module out of the base (or Jetty's WebSocket jars off the class path).");
    }

    private static void deploy(Set<Class<?>> classes, OnrampServerContainer container) throws ServletException {
        Set<Class<? extends ServerApplicationConfig>> applicationConfigs = new LinkedHashSet<>();
        Set<Class<? extends Endpoint>> endpoints = new LinkedHashSet<>();
        Set<Class<?>> annotated = new LinkedHashSet<>();
        for (Class<?> c : classes) {
            if (!isConcreteApplicationClass(c)) {
                continue;
            }
            if (ServerApplicationConfig.class.isAssignableFrom(c)) {
                applicationConfigs.add(c.asSubclass(ServerApplicationConfig.class));
            }
            if (Endpoint.class.isAssignableFrom(c)) {
                endpoints.add(c.asSubclass(Endpoint.class));
            }
            if (c.isAnnotationPresent(ServerEndpoint.class)) {
                annotated.add(c);
            }
        }

        Set<ServerEndpointConfig> configs = new LinkedHashSet<>();
        Set<Class<?>> annotatedToDeploy = new LinkedHashSet<>();
        if (applicationConfigs.isEmpty()) {
            annotatedToDeploy.addAll(annotated);
        } else {
            for (Class<? extends ServerApplicationConfig> configClass : applicationConfigs) {
                ServerApplicationConfig applicationConfig;
                try {
                    applicationConfig = configClass.getConstructor().newInstance();
                } catch (ReflectiveOperationException | RuntimeException e) {
                    throw fail(container, configClass, new DeploymentException(
                            "cannot instantiate ServerApplicationConfig " + configClass.getName(), e));
                }
                Set<ServerEndpointConfig> returned = applicationConfig.getEndpointConfigs(Set.copyOf(endpoints));
                if (returned != null) {
                    configs.addAll(returned);
                }
                Set<Class<?>> kept = applicationConfig.getAnnotatedEndpointClasses(Set.copyOf(annotated));
                if (kept != null) {
                    annotatedToDeploy.addAll(kept);
                }
            }
        }

        for (ServerEndpointConfig config : configs) {
            try {
                container.addEndpoint(config);
            } catch (DeploymentException e) {
                throw fail(container, config.getEndpointClass(), e);
            }
        }
        for (Class<?> endpointClass : annotatedToDeploy) {
            try {
                container.addEndpoint(endpointClass);
            } catch (DeploymentException e) {
                throw fail(container, endpointClass, e);
            }
        }
    }

    private static ServletException fail(OnrampServerContainer container, Class<?> culprit, DeploymentException e) {
        container.haltDeployment(e);
        return new ServletException("WebSocket deployment failed for " + (culprit == null ? "?" : culprit.getName())
                + ": " + e.getMessage() + " (no endpoint of this application is deployed)", e);
    }

    /** Application classes only: no interfaces, abstract classes, or Onramp's own types. */
    private static boolean isConcreteApplicationClass(Class<?> c) {
        int modifiers = c.getModifiers();
        return !c.isInterface() && !c.isAnnotation() && !Modifier.isAbstract(modifiers)
                && !c.getName().startsWith("dev.onramp.websocket.") && !c.getName().startsWith("dev.onramp.servlet.");
    }

    /** Closes every open session with 1001 when the application stops. */
    static final class Shutdown implements ServletContextListener {
        private final OnrampServerContainer container;

        Shutdown(OnrampServerContainer container) {
            this.container = container;
        }

        @Override
        public void contextDestroyed(ServletContextEvent event) {
            container.shutdown();
        }
    }
}
