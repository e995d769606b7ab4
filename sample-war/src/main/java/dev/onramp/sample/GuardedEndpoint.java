package dev.onramp.sample;

import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * An echo that only pages served from {@link #ALLOWED_ORIGIN} (or clients that send no Origin) may open: shows
 * a configurator's origin check, which answers other handshakes with 403.
 */
@ServerEndpoint(value = "/guarded", configurator = GuardedEndpoint.OriginCheck.class)
public class GuardedEndpoint {

    /** The one origin accepted besides none at all. */
    public static final String ALLOWED_ORIGIN = "http://allowed.example";

    /** Sends the text back. */
    @OnMessage
    public String onText(String message) {
        return message;
    }

    /** Accepts {@link #ALLOWED_ORIGIN} and requests without Origin (non-browser clients). */
    public static final class OriginCheck extends ServerEndpointConfig.Configurator {
        @Override
        public boolean checkOrigin(String originHeaderValue) {
            return originHeaderValue == null || ALLOWED_ORIGIN.equals(originHeaderValue);
        }
    }
}
