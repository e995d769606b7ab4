package dev.onramp.websocket.client;

import jakarta.websocket.DeploymentException;

import java.util.List;
import java.util.Map;

/**
 * Refuses an opening-handshake request that would not say what its fields say. A CR or LF in a field value (from a
 * configurator's {@code beforeRequest}, a subprotocol or an extension) ends the field early and starts another: the
 * server would read fields, or a whole second request, that the application never meant to send (header injection).
 * So a field name must be an HTTP token (RFC 9110 §5.1); a value may hold no control character but HTAB, and nothing
 * outside ISO-8859-1, which would go out as '?' (§5.5); the request target no control character or space.
 */
final class RequestHeadCheck {

    private RequestHeadCheck() {
    }

    /**
     * @param host named in the message (nothing is sent to it)
     * @throws DeploymentException naming the field and the character
     */
    static void check(String host, String target, Map<String, List<String>> fields) throws DeploymentException {
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                throw refused("the request target " + quote(target) + " holds " + describe(c), host);
            }
        }
        for (Map.Entry<String, List<String>> field : fields.entrySet()) {
            String name = field.getKey();
            if (name == null || name.isEmpty() || !name.chars().allMatch(RequestHeadCheck::isTokenChar)) {
                throw refused("the request header name " + quote(name) + " is not an HTTP token"
                        + (name != null && (name.indexOf('\r') >= 0 || name.indexOf('\n') >= 0)
                                ? " (a CR or LF in it would inject header lines)" : ""), host);
            }
            for (String value : field.getValue() == null ? List.<String>of() : field.getValue()) {
                for (int i = 0; value != null && i < value.length(); i++) {
                    char c = value.charAt(i);
                    if ((c < ' ' && c != '\t') || c == 0x7f || c > 0xff) {
                        throw refused("the request header " + name + " holds " + describe(c)
                                + (c == '\r' || c == '\n' ? ", which would end it and inject what follows" : "")
                                + ": " + quote(value), host);
                    }
                }
            }
        }
    }

    private static DeploymentException refused(String why, String host) {
        return new DeploymentException(why + "; the handshake was refused before anything was sent to " + host);
    }

    private static boolean isTokenChar(int c) {
        return c > ' ' && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }

    private static String describe(char c) {
        return c == '\r' ? "a CR" : c == '\n' ? "an LF" : String.format("the character U+%04X", (int) c);
    }

    /** The string as a Java literal, so that control characters show in the message. */
    private static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n");
                case '"', '\\' -> sb.append('\\').append(c);
                default -> sb.append(c < ' ' || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return sb.append('"').toString();
    }
}
