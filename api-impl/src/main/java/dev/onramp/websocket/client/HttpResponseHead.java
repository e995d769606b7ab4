package dev.onramp.websocket.client;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The status line and header fields of an HTTP/1.1 response (RFC 9112 §4, §5), plus the bytes that followed the
 * blank line in the same reads: after a 101 those already belong to the WebSocket stream.
 */
final class HttpResponseHead {

    private final int status;
    private final String reason;
    private final Map<String, List<String>> headers;
    private final ByteBuffer rest;

    private HttpResponseHead(int status, String reason, Map<String, List<String>> headers, ByteBuffer rest) {
        this.status = status;
        this.reason = reason;
        this.headers = headers;
        this.rest = rest;
    }

    /**
     * Parses a response head (everything up to but excluding the blank line).
     *
     * @throws IllegalArgumentException when it is not an HTTP/1.x response
     */
    static HttpResponseHead parse(byte[] head, int length, ByteBuffer rest) {
        String text = new String(head, 0, length, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r\n", -1);
        String statusLine = lines[0];
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
            throw new IllegalArgumentException("not an HTTP/1.1 status line: " + printable(statusLine));
        }
        int status;
        try {
            status = Integer.parseInt(statusLine.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad status code in " + printable(statusLine));
        }
        String reason = statusLine.length() > 13 ? statusLine.substring(13) : "";
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        String lastName = null;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                continue;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && lastName != null) {
                // obsolete line folding: part of the previous value
                List<String> values = headers.get(lastName);
                int last = values.size() - 1;
                values.set(last, values.get(last) + " " + line.trim());
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("malformed header field: " + printable(line));
            }
            lastName = line.substring(0, colon).trim();
            headers.computeIfAbsent(lastName, k -> new ArrayList<>()).add(line.substring(colon + 1).trim());
        }
        return new HttpResponseHead(status, reason, headers, rest);
    }

    private static String printable(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    int status() {
        return status;
    }

    String reason() {
        return reason;
    }

    /** Case-insensitive, read-only view of the header fields. */
    Map<String, List<String>> headers() {
        return Collections.unmodifiableMap(headers);
    }

    /** All values of a field, split at commas (for list-valued fields such as Connection), trimmed. */
    List<String> tokens(String name) {
        List<String> out = new ArrayList<>();
        for (String value : headers.getOrDefault(name, List.of())) {
            for (String token : value.split(",")) {
                String t = token.trim();
                if (!t.isEmpty()) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    /** The single value of a field, null when absent; several values are joined with ", ". */
    String value(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : String.join(", ", values);
    }

    /** The bytes received after the head; empty when none. */
    ByteBuffer rest() {
        return rest;
    }
}
