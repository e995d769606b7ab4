package dev.onramp.websocket.testing;

import dev.onramp.websocket.session.OnrampContainer;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.Session;

import java.net.URI;

/** A container for tests of server sessions: the shared threads and the defaults, no client side. */
public final class TestContainer extends OnrampContainer {

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
