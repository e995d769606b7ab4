package dev.onramp.tck.apps.pathparam;

import jakarta.websocket.OnMessage;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;

/** A URI template with two variables, one converted to {@code int}. */
@ServerEndpoint("/rooms/{room}/users/{user}")
public class RoomEndpoint {

    @OnMessage
    public String say(String message, @PathParam("room") String room, @PathParam("user") int user) {
        return room + "/" + (user + 1) + ": " + message;
    }
}
