package dev.onramp.servlet;

import dev.onramp.websocket.endpoint.AnnotatedEndpointModel;
import dev.onramp.websocket.endpoint.AnnotatedServerEndpointConfig;
import dev.onramp.websocket.session.OpenSessions;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * One deployed server endpoint: its configuration, the open sessions of that endpoint, and, when its class is an
 * annotated POJO, the model compiled once at deployment.
 */
final class DeployedEndpoint {

    private final ServerEndpointConfig config;
    private final AnnotatedEndpointModel model;
    private final OpenSessions sessions;

    private DeployedEndpoint(ServerEndpointConfig config, AnnotatedEndpointModel model, OpenSessions sessions) {
        this.config = config;
        this.model = model;
        this.sessions = sessions;
    }

    /**
     * Compiles what a configuration needs.
     *
     * @throws DeploymentException when the class is neither an {@link Endpoint} nor a valid annotated endpoint
     */
    static DeployedEndpoint of(ServerEndpointConfig config) throws DeploymentException {
        if (config instanceof AnnotatedServerEndpointConfig annotated) {
            return new DeployedEndpoint(config, annotated.model(), new OpenSessions());
        }
        Class<?> endpointClass = config.getEndpointClass();
        if (endpointClass == null) {
            throw new DeploymentException("ServerEndpointConfig for path " + config.getPath() + " has no endpoint class");
        }
        if (Endpoint.class.isAssignableFrom(endpointClass)) {
            return new DeployedEndpoint(config, null, new OpenSessions());
        }
        return new DeployedEndpoint(config, AnnotatedEndpointModel.compile(endpointClass, true), new OpenSessions());
    }

    /**
     * An endpoint of one {@code upgradeHttpToWebSocket} call, with what its endpoint class has already compiled
     * ({@code model}, null for an {@link Endpoint} subclass) and the open sessions it shares with that class.
     */
    static DeployedEndpoint adHoc(ServerEndpointConfig config, AnnotatedEndpointModel model, OpenSessions sessions) {
        return new DeployedEndpoint(config, model, sessions);
    }

    ServerEndpointConfig config() {
        return config;
    }

    OpenSessions sessions() {
        return sessions;
    }

    /** Turns what the configurator's getEndpointInstance returned into the Endpoint a session drives. */
    Endpoint endpointFor(Object instance) {
        if (model != null) {
            return model.newEndpoint(instance);
        }
        if (instance instanceof Endpoint endpoint) {
            return endpoint;
        }
        throw new IllegalStateException("the configurator returned " + instance + " for endpoint class "
                + config.getEndpointClass().getName() + ", which is not an Endpoint");
    }
}
