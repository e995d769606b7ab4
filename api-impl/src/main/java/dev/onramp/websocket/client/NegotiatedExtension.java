package dev.onramp.websocket.client;

import jakarta.websocket.Extension;

import java.util.ArrayList;
import java.util.List;

/**
 * An extension as a {@code Sec-WebSocket-Extensions} field names it (RFC 6455 §9.1): a token and parameters,
 * each a token with an optional value that may be quoted.
 */
final class NegotiatedExtension implements Extension {

    private final String name;
    private final List<Parameter> parameters;

    NegotiatedExtension(String name, List<Parameter> parameters) {
        this.name = name;
        this.parameters = List.copyOf(parameters);
    }

    /** Parses one field value: extensions separated by commas, parameters by semicolons. */
    static List<Extension> parseList(String fieldValue) {
        List<Extension> out = new ArrayList<>();
        for (String item : splitOutsideQuotes(fieldValue, ',')) {
            List<String> parts = splitOutsideQuotes(item, ';');
            if (parts.isEmpty() || parts.get(0).isEmpty()) {
                continue;
            }
            List<Parameter> params = new ArrayList<>();
            for (int i = 1; i < parts.size(); i++) {
                String part = parts.get(i);
                if (part.isEmpty()) {
                    continue;
                }
                int eq = part.indexOf('=');
                String pName = eq < 0 ? part : part.substring(0, eq).trim();
                String pValue = eq < 0 ? null : unquote(part.substring(eq + 1).trim());
                params.add(new Param(pName, pValue));
            }
            out.add(new NegotiatedExtension(parts.get(0), params));
        }
        return out;
    }

    private static List<String> splitOutsideQuotes(String s, char separator) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                out.add(current.toString().trim());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        out.add(current.toString().trim());
        return out;
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public List<Parameter> getParameters() {
        return parameters;
    }

    @Override
    public String toString() {
        return ClientHandshake.formatExtensions(List.of(this));
    }

    private record Param(String name, String value) implements Parameter {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public String getValue() {
            return value;
        }
    }
}
