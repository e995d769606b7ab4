package dev.onramp.spring;

import dev.onramp.servlet.OnrampServerContainer;
import dev.onramp.servlet.OnrampServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.core.Ordered;

import java.util.Set;

/**
 * Runs Onramp's {@code ServletContainerInitializer} in Boot's embedded container, which never runs initializers
 * found in jars. Endpoint classes are not scanned (Boot scans nothing either): {@code @ServerEndpoint} classes are
 * deployed by Spring's {@code ServerEndpointExporter}.
 */
final class OnrampServletContextInitializer implements ServletContextInitializer, Ordered {

    /** Near the start, leaving room for an initializer that must run before Onramp's. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

    @Override
    public void onStartup(ServletContext servletContext) throws ServletException {
        Object published = servletContext.getAttribute(OnrampServletContainerInitializer.SERVER_CONTAINER_ATTRIBUTE);
        if (published instanceof OnrampServerContainer) {
            return; // installed already (by the application itself)
        }
        // another implementation initialised first: say what to exclude, before Onramp's own refusal
        OtherImplementations.refusePublished(published);
        // a replacement after this point is refused by OnrampOnlyCheck, through Boot's failure analysis
        servletContext.setAttribute(OnrampServletContainerInitializer.REPLACEMENT_CHECKED_ELSEWHERE, getClass().getName());
        new OnrampServletContainerInitializer().onStartup(Set.of(), servletContext);
    }

    /**
     * Early, so that the {@code ServerContainer} is published before other initializers look for it. (The order
     * does not move Onramp's upgrade filter ahead of Spring's filters: it is mapped after every filter registered
     * the way Boot registers them, so security filters see handshakes first.)
     */
    @Override
    public int getOrder() {
        return ORDER;
    }
}
