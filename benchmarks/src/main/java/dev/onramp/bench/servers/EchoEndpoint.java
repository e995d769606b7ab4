package dev.onramp.bench.servers;

import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;

import java.nio.ByteBuffer;

/**
 * The endpoint every WebSocket server under test deploys: text back as text, binary back as binary, through the
 * return value (the container's basic remote), so each implementation runs the same application code. The message
 * limit is not on the annotation but set as the container default by {@link EchoDeployer}, so one class serves the
 * 16 MiB and the 64 KiB configurations.
 */
@ServerEndpoint("/echo")
public class EchoEndpoint {

    /** Echoes a text message. */
    @OnMessage
    public String text(String message) {
        return message;
    }

    /** Echoes a binary message. */
    @OnMessage
    public ByteBuffer binary(ByteBuffer message) {
        return message;
    }

    /**
     * Swallows errors: the load generator drops its sockets without a close handshake at the end of every workload,
     * and some containers would otherwise log a stack trace per connection while the next workload runs.
     */
    @OnError
    public void error(Throwable cause) {
        // expected: abrupt disconnects
    }
}
