package dev.onramp.websocket.endpoint;

import jakarta.websocket.DeploymentException;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A URI template of the Jakarta WebSocket specification: a relative URI starting with {@code /} whose segments
 * are either literal or one whole {@code {variable}} (RFC 6570 level 1, restricted to whole segments).
 *
 * <p>A trailing slash is a segment of its own (an empty literal), so {@code /a/} and {@code /a} are different
 * templates. Literal segments are stored percent-decoded and compared with the percent-decoded request segments,
 * so {@code /caf%C3%A9} and {@code /café} denote the same template. Immutable and thread-safe.
 */
public final class UriTemplate {

    private final String path;
    private final List<Segment> segments;
    private final List<String> variables;

    private UriTemplate(String path, List<Segment> segments, List<String> variables) {
        this.path = path;
        this.segments = segments;
        this.variables = variables;
    }

    /**
     * Parses a template.
     *
     * @throws DeploymentException when the path does not start with {@code /}, has an empty segment (other than a
     *     trailing slash), a {@code .} or {@code ..} segment, a query or fragment, a brace that does not enclose a
     *     whole segment, or an empty or repeated variable name
     */
    public static UriTemplate parse(String path) throws DeploymentException {
        if (path == null || !path.startsWith("/")) {
            throw invalid(path, "it must start with '/'");
        }
        String[] raw = path.substring(1).split("/", -1);
        List<Segment> segments = new ArrayList<>(raw.length);
        List<String> variables = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < raw.length; i++) {
            String s = raw[i];
            boolean last = i == raw.length - 1;
            if (s.isEmpty() && !last) {
                throw invalid(path, "segment " + (i + 1) + " is empty");
            }
            if (s.startsWith("{") && s.endsWith("}") && s.length() >= 2
                    && s.indexOf('{', 1) < 0 && s.indexOf('}') == s.length() - 1) {
                String name = s.substring(1, s.length() - 1);
                if (name.isEmpty()) {
                    throw invalid(path, "segment " + (i + 1) + " has an empty variable name");
                }
                if (!isVariableName(name)) {
                    throw invalid(path, "variable name '" + name + "' is not a legal name");
                }
                if (!seen.add(name)) {
                    throw invalid(path, "variable '" + name + "' appears twice");
                }
                variables.add(name);
                segments.add(new Segment(name, true));
                continue;
            }
            for (int c = 0; c < s.length(); c++) {
                char ch = s.charAt(c);
                if (ch == '{' || ch == '}') {
                    throw invalid(path, "segment '" + s + "': a variable must be a whole segment");
                }
                if (ch == '?' || ch == '#') {
                    throw invalid(path, "a template has no query or fragment");
                }
                if (ch <= ' ' || ch == 0x7f) {
                    throw invalid(path, "segment '" + s + "' contains a space or control character");
                }
            }
            String literal = decode(s);
            if (literal == null) {
                throw invalid(path, "segment '" + s + "' has a malformed percent-encoding");
            }
            if (literal.equals(".") || literal.equals("..")) {
                throw invalid(path, "'.' and '..' segments are not allowed");
            }
            segments.add(new Segment(literal, false));
        }
        return new UriTemplate(path, List.copyOf(segments), List.copyOf(variables));
    }

    /** The template as written. */
    public String path() {
        return path;
    }

    /** The variable names, in order of appearance. */
    public List<String> variables() {
        return variables;
    }

    /**
     * Matches a request path (the raw, still percent-encoded path of the request URI, without query).
     *
     * @return the variable values, each percent-decoded (UTF-8), in template order; an empty map for a matching
     *     template without variables; null when the path does not match (different number of segments, a
     *     different literal, an empty value for a variable, or a malformed percent-encoding)
     */
    public Map<String, String> match(String requestPath) {
        String[] parts = split(requestPath);
        if (parts == null || parts.length != segments.size()) {
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < parts.length; i++) {
            String decoded = decode(parts[i]);
            if (decoded == null) {
                return null;
            }
            Segment seg = segments.get(i);
            if (seg.variable) {
                if (decoded.isEmpty()) {
                    return null;
                }
                values.put(seg.text, decoded);
            } else if (!seg.text.equals(decoded)) {
                return null;
            }
        }
        return values;
    }

    int segmentCount() {
        return segments.size();
    }

    boolean isVariable(int segment) {
        return segments.get(segment).variable;
    }

    /** A key equal for templates that differ only by variable names. */
    String shape() {
        StringBuilder sb = new StringBuilder();
        for (Segment s : segments) {
            // '{' cannot appear in a decoded-from-valid literal without '%7B', so mark literals distinctly
            sb.append('/').append(s.variable ? "{}" : "=" + s.text);
        }
        return sb.toString();
    }

    /** Splits a request path into raw segments; null if it does not start with '/'. */
    static String[] split(String requestPath) {
        if (requestPath == null || !requestPath.startsWith("/")) {
            return null;
        }
        return requestPath.substring(1).split("/", -1);
    }

    private static boolean isVariableName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '{' || c == '}' || c == '/' || c <= ' ' || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** Percent-decodes one segment as UTF-8 ('+' stays '+': this is a path, not a form); null if malformed. */
    static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    return null;
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out.write((hi << 4) | lo);
                i += 2;
            } else {
                // copy the run up to the next '%' at once so that surrogate pairs stay together
                int end = s.indexOf('%', i);
                end = end < 0 ? s.length() : end;
                byte[] b = s.substring(i, end).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
                i = end - 1;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static DeploymentException invalid(String path, String why) {
        return new DeploymentException("Invalid URI template '" + path + "': " + why);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UriTemplate t && t.path.equals(path);
    }

    @Override
    public int hashCode() {
        return path.hashCode();
    }

    @Override
    public String toString() {
        return path;
    }

    private record Segment(String text, boolean variable) {
    }
}
