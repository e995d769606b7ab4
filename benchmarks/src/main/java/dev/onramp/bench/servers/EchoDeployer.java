package dev.onramp.bench.servers;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;

import java.util.Set;

/**
 * Registered after the WebSocket implementation's own initializer: takes the {@link ServerContainer} it published,
 * sets the same message limits and idle timeout on every implementation, and deploys {@link EchoEndpoint}. Only the
 * standard API is used, so the same code configures Onramp, Jetty and Tomcat.
 */
public final class EchoDeployer implements ServletContainerInitializer {

    private static final String SERVER_CONTAINER = "jakarta.websocket.server.ServerContainer";

    private final int messageLimit;

    /** @param messageLimit the text and binary message limit in bytes (also the buffer size some containers take) */
    public EchoDeployer(int messageLimit) {
        this.messageLimit = messageLimit;
    }

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) throws ServletException {
        Object attribute = context.getAttribute(SERVER_CONTAINER);
        if (!(attribute instanceof ServerContainer container)) {
            throw new ServletException("no WebSocket implementation published a ServerContainer (found " + attribute
                    + "); is exactly one implementation on the classpath?");
        }
        container.setDefaultMaxTextMessageBufferSize(messageLimit);
        container.setDefaultMaxBinaryMessageBufferSize(messageLimit);
        // idle connections of the memory workload must survive the measurement
        container.setDefaultMaxSessionIdleTimeout(0);
        try {
            container.addEndpoint(EchoEndpoint.class);
        } catch (DeploymentException e) {
            throw new ServletException(e);
        }
    }
}
