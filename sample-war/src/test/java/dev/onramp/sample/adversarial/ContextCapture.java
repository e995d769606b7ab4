package dev.onramp.sample.adversarial;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands the test the {@link ServletContext} of a running deployment (declared in the suite's web.xml; the class is
 * loaded from the test class path, so the test and the webapp see the same set). Forgets it when the application
 * stops, so the set never pins an undeployed application.
 */
public final class ContextCapture implements ServletContextListener {

    private static final Set<ServletContext> RUNNING = ConcurrentHashMap.newKeySet();

    /**
     * The context running at {@code contextPath} in the container whose server info names {@code container} (e.g.
     * "jetty", "tomcat"; several containers may run in this JVM), or null.
     */
    static ServletContext running(String container, String contextPath) {
        for (ServletContext c : RUNNING) {
            if (c.getContextPath().equals(contextPath)
                    && c.getServerInfo().toLowerCase(Locale.ROOT).contains(container.toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        return null;
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        RUNNING.add(event.getServletContext());
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        RUNNING.remove(event.getServletContext());
    }
}
