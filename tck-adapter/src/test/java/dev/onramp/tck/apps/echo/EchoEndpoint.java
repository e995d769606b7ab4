package dev.onramp.tck.apps.echo;

import java.nio.ByteBuffer;

import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;

/** Echoes text and binary messages; the text {@code "tccl?"} asks which class loader runs the callback. */
@ServerEndpoint("/echo")
public class EchoEndpoint {

    @OnMessage
    public String echo(String message) {
        if ("tccl?".equals(message)) {
            boolean webApp = Thread.currentThread().getContextClassLoader() == EchoEndpoint.class.getClassLoader();
            return "tccl is webapp loader: " + webApp;
        }
        return message;
    }

    @OnMessage
    public ByteBuffer echo(ByteBuffer message) {
        return message;
    }
}
