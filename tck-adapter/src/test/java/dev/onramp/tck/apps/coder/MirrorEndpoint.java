package dev.onramp.tck.apps.coder;

import java.io.IOException;

import jakarta.websocket.DecodeException;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

/** Receives decoded points and answers with their mirror image, encoded; reports decode failures as a message. */
@ServerEndpoint(value = "/mirror", decoders = PointDecoder.class, encoders = PointEncoder.class)
public class MirrorEndpoint {

    @OnMessage
    public Point mirror(Point point) {
        return new Point(-point.x(), -point.y());
    }

    @OnError
    public void error(Session session, Throwable error) throws IOException {
        String kind = error instanceof DecodeException ? "decode error" : error.getClass().getName();
        session.getBasicRemote().sendText(kind + ": " + error.getMessage());
    }
}
