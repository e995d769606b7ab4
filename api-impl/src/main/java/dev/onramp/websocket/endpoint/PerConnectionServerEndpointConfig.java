package dev.onramp.websocket.endpoint;

import jakarta.websocket.Decoder;
import jakarta.websocket.Encoder;
import jakarta.websocket.Extension;
import jakarta.websocket.server.ServerEndpointConfig;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@link ServerEndpointConfig} one connection sees, from its handshake on: the configurator's
 * {@code modifyHandshake} gets it, {@code onOpen} gets it, and the session's user properties are its map. Every
 * setting comes from the deployed configuration, except the user properties: a map of the connection's own that
 * starts as a shallow copy of the deployed configuration's, so what one handshake stores there (the usual way to
 * hand request data to {@code onOpen}) is neither seen by other connections nor written into the application's
 * map.
 */
public final class PerConnectionServerEndpointConfig implements ServerEndpointConfig {

    private final ServerEndpointConfig deployed;
    private final Map<String, Object> userProperties;

    private PerConnectionServerEndpointConfig(ServerEndpointConfig deployed) {
        this.deployed = deployed;
        this.userProperties = newUserProperties(deployed.getUserProperties());
    }

    /**
     * The configuration for a new connection to the endpoint deployed with {@code deployed}. An Onramp annotated
     * config is copied as its own class, so applications that look at the config's class see the one they
     * deployed; any other is wrapped.
     */
    public static ServerEndpointConfig of(ServerEndpointConfig deployed) {
        Objects.requireNonNull(deployed, "deployed");
        if (deployed instanceof AnnotatedServerEndpointConfig annotated) {
            return annotated.forConnection();
        }
        return new PerConnectionServerEndpointConfig(deployed);
    }

    /** A mutable, thread-safe user-properties map (null keys and values allowed) holding {@code initial}'s entries. */
    static Map<String, Object> newUserProperties(Map<String, Object> initial) {
        return Collections.synchronizedMap(initial == null ? new HashMap<>() : new HashMap<>(initial));
    }

    /** The application's configuration this one copies. */
    public ServerEndpointConfig deployed() {
        return deployed;
    }

    @Override
    public Map<String, Object> getUserProperties() {
        return userProperties;
    }

    @Override
    public Class<?> getEndpointClass() {
        return deployed.getEndpointClass();
    }

    @Override
    public String getPath() {
        return deployed.getPath();
    }

    @Override
    public List<String> getSubprotocols() {
        return deployed.getSubprotocols();
    }

    @Override
    public List<Extension> getExtensions() {
        return deployed.getExtensions();
    }

    @Override
    public Configurator getConfigurator() {
        return deployed.getConfigurator();
    }

    @Override
    public List<Class<? extends Encoder>> getEncoders() {
        return deployed.getEncoders();
    }

    @Override
    public List<Class<? extends Decoder>> getDecoders() {
        return deployed.getDecoders();
    }

    @Override
    public String toString() {
        return deployed + " (one connection's view)";
    }
}
