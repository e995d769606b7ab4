package dev.onramp.tck.apps.programmatic;

import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;

/** Annotated, but {@link EchoApplicationConfig} excludes it: it must not be served. */
@ServerEndpoint("/filtered")
public class FilteredOutEndpoint {

    @OnMessage
    public String echo(String message) {
        return message;
    }
}
