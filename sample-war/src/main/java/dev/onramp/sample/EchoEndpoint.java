package dev.onramp.sample;

import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;

import java.nio.ByteBuffer;

/**
 * Echoes every text and binary message. Messages of up to 16 MiB are accepted (Autobahn's section 9 sends that
 * much); the subprotocol {@code echo} is offered for clients that ask for one.
 */
@ServerEndpoint(value = "/echo", subprotocols = {"echo", "echo.v2"})
public class EchoEndpoint {

    /** The largest message echoed, in bytes. */
    public static final int MAX_MESSAGE = 16 * 1024 * 1024;

    /** Sends the text back. */
    @OnMessage(maxMessageSize = MAX_MESSAGE)
    public String onText(String message) {
        return message;
    }

    /** Sends the bytes back. */
    @OnMessage(maxMessageSize = MAX_MESSAGE)
    public ByteBuffer onBinary(ByteBuffer message) {
        return message;
    }
}
