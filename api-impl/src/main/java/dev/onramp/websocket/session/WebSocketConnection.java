package dev.onramp.websocket.session;

import dev.onramp.websocket.transport.Transport;
import jakarta.websocket.Session;

/** Entry point of the session layer: runs a session over a transport whose handshake has succeeded. */
public final class WebSocketConnection {

    private WebSocketConnection() {
    }

    /**
     * Opens a session: registers it, runs the endpoint's {@code onOpen} on the container's callback threads,
     * then starts reading from the transport. Returns at once; never blocks the calling (container) thread.
     */
    public static Session open(Transport transport, SessionSetup setup) {
        throw new UnsupportedOperationException("session layer under construction");
    }
}
