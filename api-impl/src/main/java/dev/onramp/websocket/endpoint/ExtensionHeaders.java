package dev.onramp.websocket.endpoint;

import dev.onramp.websocket.session.ExtensionParameter;
import jakarta.websocket.Extension;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Parses and formats {@code Sec-WebSocket-Extensions} (RFC 6455 §9.1): a comma-separated list of extension
 * names, each with {@code ;}-separated parameters that may carry a (possibly quoted) value. Both sides of the
 * handshake use it: the server for the client's offers and its answer, the client for its offer and the answer.
 */
public final class ExtensionHeaders {

    private ExtensionHeaders() {
    }

    /**
     * The offers in order, with their parameters. Commas inside quoted strings do not split offers.
     *
     * @throws IllegalArgumentException when an offer has no name
     */
    public static List<Extension> parse(List<String> headerValues) {
        List<Extension> offers = new ArrayList<>();
        if (headerValues == null) {
            return offers;
        }
        for (String value : headerValues) {
            if (value == null) {
                continue;
            }
            for (String offer : splitOutsideQuotes(value, ',')) {
                if (offer.isBlank()) {
                    continue;
                }
                List<String> parts = splitOutsideQuotes(offer, ';');
                String name = parts.get(0).trim();
                if (name.isEmpty()) {
                    throw new IllegalArgumentException("extension offer without a name: " + offer.trim());
                }
                List<Extension.Parameter> parameters = new ArrayList<>();
                for (int i = 1; i < parts.size(); i++) {
                    String parameter = parts.get(i).trim();
                    if (parameter.isEmpty()) {
                        continue;
                    }
                    int eq = parameter.indexOf('=');
                    String pname = (eq < 0 ? parameter : parameter.substring(0, eq)).trim();
                    String pvalue = eq < 0 ? null : unquote(parameter.substring(eq + 1).trim());
                    parameters.add(new ExtensionParameter(pname, pvalue));
                }
                offers.add(new SimpleExtension(name, parameters));
            }
        }
        return offers;
    }

    /**
     * The header value that lists these extensions, or null when there are none. A parameter without a value (or
     * with an empty one) is written as its name alone; a value that is not an HTTP token is quoted.
     */
    public static String format(List<Extension> extensions) {
        if (extensions == null || extensions.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (Extension extension : extensions) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(extension.getName());
            for (Extension.Parameter p : extension.getParameters()) {
                sb.append("; ").append(p.getName());
                if (p.getValue() != null && !p.getValue().isEmpty()) {
                    sb.append('=').append(isToken(p.getValue()) ? p.getValue() : quote(p.getValue()));
                }
            }
        }
        return sb.toString();
    }

    private static boolean isToken(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static String quote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return value;
    }

    private static List<String> splitOutsideQuotes(String s, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' && (i == 0 || s.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    /** An immutable extension as a header names it. */
    public static final class SimpleExtension implements Extension {
        private final String name;
        private final List<Extension.Parameter> parameters;

        /** An extension with these parameters (copied). */
        public SimpleExtension(String name, List<Extension.Parameter> parameters) {
            this.name = Objects.requireNonNull(name);
            this.parameters = List.copyOf(parameters);
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public List<Extension.Parameter> getParameters() {
            return parameters;
        }

        @Override
        public String toString() {
            return format(List.of(this));
        }
    }
}
