package dev.onramp.websocket.client;

import dev.onramp.websocket.protocol.Role;
import dev.onramp.websocket.session.OnrampContainer;
import dev.onramp.websocket.session.OpenSessions;
import dev.onramp.websocket.session.SessionSetup;
import dev.onramp.websocket.session.WebSocketConnection;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.Session;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The four {@code connectToServer} forms for any {@link OnrampContainer}: the standalone
 * {@link OnrampClientContainer} delegates to one, and so can the server bridge's {@code ServerContainer} (which is
 * a {@code WebSocketContainer} too). Sessions opened here belong to the owner container: its defaults, its
 * threads, its {@code allSessions()} (so closing the owner closes them).
 */
public final class ClientConnections {

    private final OnrampContainer owner;
    private final Map<Class<?>, OpenSessions> sessionsByEndpoint = new ConcurrentHashMap<>();

    /** Connections whose sessions belong to {@code owner}. */
    public ClientConnections(OnrampContainer owner) {
        this.owner = owner;
    }

    /** {@code connectToServer(Object, URI)}: an {@code @ClientEndpoint} instance (or an {@link Endpoint}). */
    public Session connect(Object annotatedEndpointInstance, URI uri) throws DeploymentException {
        if (annotatedEndpointInstance instanceof Endpoint endpoint) {
            return connect(endpoint, ClientEndpointConfig.Builder.create().build(), uri);
        }
        if (annotatedEndpointInstance == null) {
            throw new DeploymentException("the endpoint instance is null");
        }
        AnnotatedClient client = AnnotatedClient.of(annotatedEndpointInstance.getClass());
        return open(client.newEndpoint(annotatedEndpointInstance), client.config(), uri,
                annotatedEndpointInstance.getClass());
    }

    /** {@code connectToServer(Class, URI)}: an {@code @ClientEndpoint} class (or an {@link Endpoint} class). */
    public Session connect(Class<?> annotatedEndpointClass, URI uri) throws DeploymentException {
        if (Endpoint.class.isAssignableFrom(annotatedEndpointClass)) {
            return connect(annotatedEndpointClass.asSubclass(Endpoint.class), ClientEndpointConfig.Builder.create().build(), uri);
        }
        AnnotatedClient client = AnnotatedClient.of(annotatedEndpointClass);
        Object pojo = AnnotatedClient.instantiate(annotatedEndpointClass);
        return open(client.newEndpoint(pojo), client.config(), uri, annotatedEndpointClass);
    }

    /** {@code connectToServer(Endpoint, ClientEndpointConfig, URI)}. */
    public Session connect(Endpoint endpointInstance, ClientEndpointConfig config, URI uri) throws DeploymentException {
        if (endpointInstance == null) {
            throw new DeploymentException("the endpoint instance is null");
        }
        return open(endpointInstance, config == null ? ClientEndpointConfig.Builder.create().build() : config, uri,
                endpointInstance.getClass());
    }

    /** {@code connectToServer(Class<? extends Endpoint>, ClientEndpointConfig, URI)}. */
    public Session connect(Class<? extends Endpoint> endpointClass, ClientEndpointConfig config, URI uri)
            throws DeploymentException {
        return connect(AnnotatedClient.instantiate(endpointClass), config, uri);
    }

    private Session open(Endpoint endpoint, ClientEndpointConfig config, URI uri, Class<?> endpointClass)
            throws DeploymentException {
        if (uri == null) {
            throw new DeploymentException("the URI is null");
        }
        ClientConnector.Upgraded upgraded = new ClientConnector(uri, config).connect();
        OpenGate gate = new OpenGate(endpoint);
        OpenSessions endpointSessions = sessionsByEndpoint.computeIfAbsent(endpointClass, k -> new OpenSessions());
        SessionSetup setup = SessionSetup.builder(Role.CLIENT, gate, config, owner, endpointSessions)
                .requestUri(uri)
                .queryString(uri.getRawQuery())
                .subprotocol(upgraded.agreement().subprotocol())
                .extensions(upgraded.agreement().extensions())
                .classLoader(classLoaderFor(endpointClass))
                .build();
        Session session = WebSocketConnection.open(upgraded.transport(), setup);
        awaitOpen(gate, config);
        return session;
    }

    private static ClassLoader classLoaderFor(Class<?> endpointClass) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : endpointClass.getClassLoader();
    }

    /** Returns once onOpen ran; a very slow onOpen is not waited for longer than the handshake timeout. */
    private static void awaitOpen(OpenGate gate, ClientEndpointConfig config) throws DeploymentException {
        long timeout = ClientProperties.millis(config.getUserProperties(), ClientProperties.HANDSHAKE_TIMEOUT,
                ClientProperties.DEFAULT_HANDSHAKE_TIMEOUT_MS);
        try {
            gate.opened().get(timeout, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeploymentException("interrupted while onOpen ran", e);
        } catch (ExecutionException | TimeoutException e) {
            // the session is open and working; onOpen is merely slow (or reported its failure to onError)
        }
    }
}
