package dev.onramp.websocket.endpoint;

import jakarta.websocket.CloseReason;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;

/**
 * What a callback invocation can draw its arguments from; the fields that do not apply to a callback are null.
 */
record CallContext(Session session, EndpointConfig config, CloseReason closeReason, Throwable error,
        Object message, boolean last) {

    static CallContext open(Session session, EndpointConfig config) {
        return new CallContext(session, config, null, null, null, true);
    }

    static CallContext close(Session session, CloseReason reason) {
        return new CallContext(session, null, reason, null, null, true);
    }

    static CallContext error(Session session, Throwable error) {
        return new CallContext(session, null, null, error, null, true);
    }

    static CallContext message(Session session, Object message, boolean last) {
        return new CallContext(session, null, null, null, message, last);
    }
}
