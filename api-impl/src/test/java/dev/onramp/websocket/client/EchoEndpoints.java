package dev.onramp.websocket.client;

import jakarta.websocket.CloseReason;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Server endpoints (for Jetty and Tomcat) that the client tests talk to. */
final class EchoEndpoints {

    private EchoEndpoints() {
    }

    /** Echoes text and binary; "close:CODE" makes it close with that code; "big:N" answers N 'x' characters. */
    @ServerEndpoint(value = "/echo", subprotocols = {"chat", "superchat"})
    public static class Echo {
        @OnMessage
        public void text(Session session, String message) throws IOException {
            if (message.startsWith("close:")) {
                session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(Integer.parseInt(message.substring(6))),
                        "asked to"));
            } else if (message.startsWith("big:")) {
                session.getBasicRemote().sendText("x".repeat(Integer.parseInt(message.substring(4))));
            } else if (message.equals("protocol?")) {
                session.getBasicRemote().sendText("protocol=" + session.getNegotiatedSubprotocol());
            } else {
                session.getBasicRemote().sendText(message);
            }
        }

        @OnMessage
        public void binary(Session session, ByteBuffer message) throws IOException {
            session.getBasicRemote().sendBinary(message);
        }
    }
}
