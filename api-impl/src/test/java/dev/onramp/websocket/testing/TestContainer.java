package dev.onramp.websocket.testing;

import dev.onramp.websocket.session.OnrampContainer;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.Session;

import java.net.URI;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/** A container for tests of server sessions: the shared threads (or given ones) and the defaults, no client side. */
public final class TestContainer extends OnrampContainer {

    /** The shared callback threads and timers. */
    public TestContainer() {
    }

    /** Callbacks on {@code callbacks} (e.g. {@code Runnable::run}: on the calling thread) and timers on {@code timers}. */
    public TestContainer(Executor callbacks, ScheduledExecutorService timers) {
        super(callbacks, timers);
    }

    private static DeploymentException noClient() {
        return new DeploymentException("these tests open server sessions over in-memory transports only");
    }

    @Override
    public Session connectToServer(Object annotatedEndpointInstance, URI path) throws DeploymentException {
        throw noClient();
    }

    @Override
    public Session connectToServer(Class<?> annotatedEndpointClass, URI path) throws DeploymentException {
        throw noClient();
    }

    @Override
    public Session connectToServer(Endpoint endpointInstance, ClientEndpointConfig cec, URI path)
            throws DeploymentException {
        throw noClient();
    }

    @Override
    public Session connectToServer(Class<? extends Endpoint> endpointClass, ClientEndpointConfig cec, URI path)
            throws DeploymentException {
        throw noClient();
    }
}
