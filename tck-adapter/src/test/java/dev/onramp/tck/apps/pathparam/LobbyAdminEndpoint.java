package dev.onramp.tck.apps.pathparam;

import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;

/** An exact path that the template of {@link RoomEndpoint} also matches: the exact one must win. */
@ServerEndpoint("/rooms/lobby/users/0")
public class LobbyAdminEndpoint {

    @OnMessage
    public String say(String message) {
        return "exact: " + message;
    }
}
