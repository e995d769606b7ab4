package dev.onramp.sample.adversarial;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands the test the {@link ServletContext} of a running deployment (declared in the suite's web.xml; the class is
 * loaded from the test class path, so the test and the webapp see the same map). Forgets it when the application
 * stops, so the map never pins an undeployed application.
 */
public final class ContextCapture implements ServletContextListener {

    private static final Map<String, ServletContext> RUNNING = new ConcurrentHashMap<>();

    /** The context running at {@code contextPath}, or null. */
    static ServletContext running(String contextPath) {
        return RUNNING.get(contextPath);
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        RUNNING.put(event.getServletContext().getContextPath(), event.getServletContext());
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        RUNNING.remove(event.getServletContext().getContextPath(), event.getServletContext());
    }
}
