package dev.onramp.tck.apps.programmatic;

import java.io.IOException;
import java.io.UncheckedIOException;

import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;

/** A programmatic endpoint (no annotations): deployed only because {@link EchoApplicationConfig} lists it. */
public class PrefixingEchoEndpoint extends Endpoint {

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        // The Class-taking overload: a lambda's type argument is erased, so Onramp could not infer it otherwise.
        session.addMessageHandler(String.class, message -> {
            try {
                session.getBasicRemote().sendText(config.getUserProperties().get("prefix") + message);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
