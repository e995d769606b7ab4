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

    /**
     * A context attribute that an integration which checks for a replaced {@link ServerContainer} itself sets before
     * this initializer runs (the Spring Boot starter does, to report the refusal through Boot's failure analysis
     * instead of a listener failure that Boot's embedded containers only log): this initializer then leaves that
     * check to it.
     */
    public static final String REPLACEMENT_CHECKED_ELSEWHERE = "dev.onramp.servlet.replacementCheckedElsewhere";

    static final String FILTER_NAME = "onramp-websocket-upgrade";

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) throws ServletException {
        Set<Class<?>> given = classes == null ? Set.of() : classes;
        refuseAnotherImplementation(context.getAttribute(SERVER_CONTAINER_ATTRIBUTE));
        if (TyrusInitializer.mayRun(context.getClassLoader(), given)) {
            throw new ServletException(OtherImplementation.tyrusRegistered());
        }
        OnrampServerContainer container = new OnrampServerContainer(context);
        // published before anything can fail, so the application always finds it
        context.setAttribute(SERVER_CONTAINER_ATTRIBUTE, container);

        FilterRegistration.Dynamic filter = context.addFilter(FILTER_NAME, new UpgradeFilter(container));
        if (filter != null) {
            filter.setAsyncSupported(true);
            filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
        }
        if (context.getAttribute(REPLACEMENT_CHECKED_ELSEWHERE) == null) {
            context.addListener(new StillPublished(container));
        }
        context.addListener(new Shutdown(container));
        context.addListener(container.httpSessions());

        deploy(given, container);
    }

    /**
     * A container's own WebSocket implementation (Tomcat's {@code tomcat-websocket.jar}, Jetty's
     * {@code ee11-websocket-jakarta} module, Undertow's {@code undertow-websockets-jsr}, Tyrus in Payara and
     * GlassFish) may initialize the same application before Onramp does. Two implementations cannot share one
     * context: each one's filter expects its own {@link ServerContainer} under the attribute (on Tomcat, its filter
     * then fails with a ClassCastException that names neither). Refusing here says what to change. The other order,
     * where the other implementation's initializer runs after Onramp's, is caught by {@link StillPublished}.
     */
    private static void refuseAnotherImplementation(Object published) throws ServletException {
        if (published == null || published instanceof OnrampServerContainer) {
            return;
        }
        throw new ServletException(OtherImplementation.publishedFirst(published));
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

    /**
     * Checks, once every initializer has run, that the published container is still Onramp's.
     *
     * <p>Containers run the initializers of one application in an order the application cannot choose (Payara's
     * even changes from one start to the next). When another implementation's initializer runs after Onramp's, it
     * replaces the published container and adds its own filter behind Onramp's: Onramp would serve the handshakes
     * while the application, asking the context for its {@link ServerContainer}, got the other one. Failing the
     * start here makes the outcome the same in either order.
     */
    static final class StillPublished implements ServletContextListener {
        private final OnrampServerContainer container;

        StillPublished(OnrampServerContainer container) {
            this.container = container;
        }

        @Override
        public void contextInitialized(ServletContextEvent event) {
            Object published = event.getServletContext().getAttribute(SERVER_CONTAINER_ATTRIBUTE);
            if (published != null && !(published instanceof OnrampServerContainer)) {
                String message = OtherImplementation.replaced(published);
                container.haltDeployment(new DeploymentException(message));
                throw new IllegalStateException(message);
            }
        }
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
