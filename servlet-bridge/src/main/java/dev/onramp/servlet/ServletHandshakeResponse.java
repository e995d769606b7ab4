package dev.onramp.servlet;

import jakarta.websocket.HandshakeResponse;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The configurator's view of the 101 response: headers it puts here are written to the response. */
final class ServletHandshakeResponse implements HandshakeResponse {

    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    /** A mutable, case-insensitive header map. */
    @Override
    public Map<String, List<String>> getHeaders() {
        return headers;
    }
}
