package dev.onramp.tck.apps.negdep;

import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;

/** Valid on its own, but it shares a WAR with {@link TwoOnOpenEndpoint}, so it must not be served either. */
@ServerEndpoint("/echo")
public class ValidEchoEndpoint {

    @OnMessage
    public String echo(String message) {
        return message;
    }
}
