package dev.onramp.sample;

import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;

import java.io.IOException;

/**
 * A chat room per path ({@code /chat/lobby}, {@code /chat/dev}, ...): every line a member sends reaches every
 * member of the same room, tagged with the room's name. Shows a URI template, a path parameter, and an
 * encoder/decoder pair.
 */
@ServerEndpoint(value = "/chat/{room}", encoders = ChatMessage.TextEncoder.class,
        decoders = ChatMessage.TextDecoder.class)
public class ChatEndpoint {

    /** Greets the new member from the room itself. */
    @OnOpen
    public void onOpen(Session session, @PathParam("room") String room) throws IOException {
        try {
            session.getBasicRemote().sendObject(new ChatMessage(room, "welcome"));
        } catch (jakarta.websocket.EncodeException e) {
            throw new IOException(e);
        }
    }

    /** Relays a line to everyone in the room, the sender included. */
    @OnMessage
    public void onMessage(ChatMessage message, Session session, @PathParam("room") String room) {
        ChatMessage relayed = new ChatMessage(room + "/" + message.user(), message.text());
        for (Session member : session.getOpenSessions()) {
            if (member.isOpen() && room.equals(member.getPathParameters().get("room"))) {
                member.getAsyncRemote().sendObject(relayed);
            }
        }
    }
}
