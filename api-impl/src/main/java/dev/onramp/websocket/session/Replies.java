package dev.onramp.websocket.session;

import jakarta.websocket.EncodeException;

import java.io.IOException;

/**
 * A session that sends a message handler's return value (an {@code @OnMessage} method's) as an answer to the message
 * being delivered: as {@code getBasicRemote().sendObject} does, with the same encoders and errors, except that a
 * small answer does not wait for its write, so the answers to the messages of one read leave in one write (see
 * {@code MessageSender.sendReply}). Sessions of other providers do not implement it; callers then use the basic
 * remote.
 */
public interface Replies {

    /** Sends {@code result} (not null) as the answer to the message being delivered. */
    void sendReply(Object result) throws IOException, EncodeException;
}
