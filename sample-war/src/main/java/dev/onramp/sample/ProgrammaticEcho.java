package dev.onramp.sample;

import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;

/** A programmatic (non-annotated) endpoint that echoes text with a prefix naming the way it was reached. */
public class ProgrammaticEcho extends Endpoint {

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        String prefix = String.valueOf(config.getUserProperties().getOrDefault("prefix", ""));
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text ->
                session.getAsyncRemote().sendText(prefix + text));
    }
}
