package dev.onramp.tck.apps.negdep;

import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

/** Invalid: two {@code @OnOpen} methods. Its application must not be deployed at all. */
@ServerEndpoint("/invalid")
public class TwoOnOpenEndpoint {

    @OnOpen
    public void first(Session session) {
    }

    @OnOpen
    public void second(Session session) {
    }
}
