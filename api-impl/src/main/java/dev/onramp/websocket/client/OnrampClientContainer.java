package dev.onramp.websocket.client;

import dev.onramp.websocket.protocol.Role;
import dev.onramp.websocket.session.OnrampContainer;
import dev.onramp.websocket.session.OpenSessions;
import dev.onramp.websocket.session.SessionSetup;
import dev.onramp.websocket.session.WebSocketConnection;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.Session;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Onramp's client {@link jakarta.websocket.WebSocketContainer}: {@code connectToServer} over non-blocking sockets
 * on a few process-wide selector threads, with {@code wss://} and HTTP proxies (see {@link ClientProperties} for
 * the per-connection settings).
 *
 * <p>Lifecycle: a container owns no thread. Connections share the JVM's daemon selector threads and the daemon
 * callback threads of {@link dev.onramp.websocket.session.SharedThreads}, so an application that never closes its
 * container still exits. {@link #close()} closes this container's open sessions with 1001 (going away); call it
 * when the application (or webapp) that made the connections stops.
 */
public class OnrampClientContainer extends OnrampContainer implements AutoCloseable {

    private final Map<Class<?>, OpenSessions> sessionsByEndpoint = new ConcurrentHashMap<>();

    /** A container on the shared threads. Cheap: it holds two maps. */
    public OnrampClientContainer() {
    }

    @Override
    public Session connectToServer(Object annotatedEndpointInstance, URI path) throws DeploymentException, IOException {
        if (annotatedEndpointInstance instanceof Endpoint endpoint) {
            return connectToServer(endpoint, ClientEndpointConfig.Builder.create().build(), path);
        }
        if (annotatedEndpointInstance == null) {
            throw new DeploymentException("the endpoint instance is null");
        }
        AnnotatedClient client = AnnotatedClient.of(annotatedEndpointInstance.getClass());
        return connect(client.newEndpoint(annotatedEndpointInstance), client.config(), path,
                annotatedEndpointInstance.getClass());
    }

    @Override
    public Session connectToServer(Class<?> annotatedEndpointClass, URI path) throws DeploymentException, IOException {
        if (Endpoint.class.isAssignableFrom(annotatedEndpointClass)) {
            return connectToServer(annotatedEndpointClass.asSubclass(Endpoint.class),
                    ClientEndpointConfig.Builder.create().build(), path);
        }
        AnnotatedClient client = AnnotatedClient.of(annotatedEndpointClass);
        Object pojo = AnnotatedClient.instantiate(annotatedEndpointClass);
        return connect(client.newEndpoint(pojo), client.config(), path, annotatedEndpointClass);
    }

    @Override
    public Session connectToServer(Endpoint endpointInstance, ClientEndpointConfig config, URI path)
            throws DeploymentException, IOException {
        if (endpointInstance == null) {
            throw new DeploymentException("the endpoint instance is null");
        }
        return connect(endpointInstance, config == null ? ClientEndpointConfig.Builder.create().build() : config, path,
                endpointInstance.getClass());
    }

    @Override
    public Session connectToServer(Class<? extends Endpoint> endpointClass, ClientEndpointConfig config, URI path)
            throws DeploymentException, IOException {
        return connectToServer(AnnotatedClient.instantiate(endpointClass), config, path);
    }

    private Session connect(Endpoint endpoint, ClientEndpointConfig config, URI uri, Class<?> endpointClass)
            throws DeploymentException {
        if (uri == null) {
            throw new DeploymentException("the URI is null");
        }
        ClientConnector.Upgraded upgraded = new ClientConnector(uri, config).connect();
        OpenGate gate = new OpenGate(endpoint);
        OpenSessions endpointSessions = sessionsByEndpoint.computeIfAbsent(endpointClass, k -> new OpenSessions());
        SessionSetup setup = SessionSetup.builder(Role.CLIENT, gate, config, this, endpointSessions)
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

    /**
     * Closes every open session of this container with 1001 (going away). Sessions opened later are not affected;
     * the shared threads stay (they are daemon threads and idle ones end by themselves).
     */
    @Override
    public void close() {
        for (Session session : allSessions().snapshot()) {
            try {
                session.close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "the client container is closing"));
            } catch (IOException | RuntimeException ignored) {
                // the session is closing or gone already
            }
        }
    }
}
