package dev.onramp.spring;

import dev.onramp.servlet.OnrampServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.websocket.ContainerProvider;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.web.context.ServletContextAware;

import java.util.List;
import java.util.ServiceLoader;

/**
 * Checks, once the embedded container has initialised the application and before it accepts connections, that the
 * published {@code ServerContainer} is still Onramp's: an implementation initialised after Onramp replaces it without
 * an error and would serve every endpoint. Also warns when another implementation's client is on the class path,
 * since {@code ContainerProvider} (and Spring's {@code StandardWebSocketClient}) may then pick it.
 */
final class OnrampOnlyCheck implements SmartInitializingSingleton, ServletContextAware {

    private static final Log LOG = LogFactory.getLog(OnrampOnlyCheck.class);

    private ServletContext servletContext;

    @Override
    public void setServletContext(ServletContext servletContext) {
        this.servletContext = servletContext;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (servletContext == null) {
            return; // not in a web application context
        }
        Object published = servletContext.getAttribute(OnrampServletContainerInitializer.SERVER_CONTAINER_ATTRIBUTE);
        OtherImplementations.refusePublished(published);
        if (published == null) {
            throw new IllegalStateException("Onramp's ServerContainer is missing from the servlet context: its"
                    + " initializer did not run or the attribute was removed");
        }
        warnAboutOtherClients(servletContext.getClassLoader());
    }

    private static void warnAboutOtherClients(ClassLoader classLoader) {
        List<Class<?>> others = ServiceLoader.load(ContainerProvider.class, classLoader).stream()
                .<Class<?>>map(ServiceLoader.Provider::type)
                .filter(type -> !type.getName().startsWith("dev.onramp."))
                .toList();
        for (Class<?> other : others) {
            LOG.warn("Another WebSocket client implementation (" + other.getName() + ", from "
                    + OtherImplementations.origin(other) + ") is on the class path: ContainerProvider and Spring's"
                    + " StandardWebSocketClient may use it instead of Onramp's client. Exclude that jar to be sure.");
        }
    }

}
