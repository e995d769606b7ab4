package dev.onramp.servlet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Comma-separated header values (RFC 9110 §5.6.1), as the WebSocket handshake headers use them. */
final class HeaderTokens {

    private HeaderTokens() {
    }

    /** The non-empty, trimmed elements of every value, in order. */
    static List<String> split(List<String> values) {
        if (values == null || values.isEmpty()) {
            return List.of();
        }
        List<String> tokens = new ArrayList<>();
        for (String value : values) {
            if (value == null) {
                continue;
            }
            for (String part : value.split(",")) {
                String token = part.trim();
                if (!token.isEmpty()) {
                    tokens.add(token);
                }
            }
        }
        return Collections.unmodifiableList(tokens);
    }

    /** Whether one of the elements equals {@code token}, ignoring case. */
    static boolean containsIgnoreCase(List<String> values, String token) {
        for (String element : split(values)) {
            if (element.equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }
}
