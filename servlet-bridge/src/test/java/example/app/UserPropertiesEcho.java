package example.app;

import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeSet;

/**
 * Answers any text with the keys of the session's user properties and whether the session and the
 * {@code onOpen} config share one map, then stores a key of its own in the session's map.
 */
public class UserPropertiesEcho extends Endpoint {

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
            Map<String, Object> mine = session.getUserProperties();
            String answer = new TreeSet<>(mine.keySet()) + " shared=" + (mine == config.getUserProperties());
            mine.put("stored-by-session", text);
            try {
                session.getBasicRemote().sendText(answer);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
