package dev.onramp.websocket.client;

import dev.onramp.websocket.session.ContainerDefaults;
import dev.onramp.websocket.session.OnrampContainer;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.Session;

import java.io.IOException;
import java.net.URI;

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

    private final ClientConnections connections = new ClientConnections(this);

    /** A container on the shared threads. Cheap: it holds two maps. */
    public OnrampClientContainer() {
    }

    @Override
    public Session connectToServer(Object annotatedEndpointInstance, URI path) throws DeploymentException, IOException {
        return connections.connect(annotatedEndpointInstance, path);
    }

    @Override
    public Session connectToServer(Class<?> annotatedEndpointClass, URI path) throws DeploymentException, IOException {
        return connections.connect(annotatedEndpointClass, path);
    }

    @Override
    public Session connectToServer(Endpoint endpointInstance, ClientEndpointConfig config, URI path)
            throws DeploymentException, IOException {
        return connections.connect(endpointInstance, config, path);
    }

    @Override
    public Session connectToServer(Class<? extends Endpoint> endpointClass, ClientEndpointConfig config, URI path)
            throws DeploymentException, IOException {
        return connections.connect(endpointClass, config, path);
    }

    /**
     * Closes every open session of this container with 1001 (going away) and returns once their connections have
     * ended: a connection still there after {@link ContainerDefaults#SHUTDOWN_GRACE_MS} (a server that does not answer
     * or does not drop TCP) is dropped, its session seeing 1006. Sessions opened later are not affected; the shared
     * threads stay (they are daemon threads and idle ones end by themselves).
     */
    @Override
    public void close() {
        endConnections(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "the client container is closing"),
                ContainerDefaults.SHUTDOWN_GRACE_MS, this);
    }
}
