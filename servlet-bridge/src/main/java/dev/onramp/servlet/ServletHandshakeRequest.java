package dev.onramp.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.websocket.server.HandshakeRequest;

import java.net.URI;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The handshake request as the configurator sees it. Headers, parameters and URI are copied when the handshake
 * starts (the servlet request is recycled after the upgrade); the user and the HTTP session are asked of the
 * servlet request, which is valid for as long as the configurator runs.
 */
final class ServletHandshakeRequest implements HandshakeRequest {

    private final HttpServletRequest request;
    private final Map<String, List<String>> headers;
    private final Map<String, List<String>> parameters;
    private final String queryString;
    private final URI requestUri;

    ServletHandshakeRequest(HttpServletRequest request, Map<String, String> pathParameters) {
        this.request = request;
        this.headers = copyHeaders(request);
        this.queryString = request.getQueryString();
        this.requestUri = requestUri(request);
        Map<String, List<String>> params = new LinkedHashMap<>();
        request.getParameterMap().forEach((name, values) -> params.put(name, List.of(values)));
        // path parameters show here too, as in other implementations (Tomcat); request parameters win
        pathParameters.forEach((name, value) -> params.putIfAbsent(name, List.of(value)));
        this.parameters = Collections.unmodifiableMap(params);
    }

    private static Map<String, List<String>> copyHeaders(HttpServletRequest request) {
        Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        Enumeration<String> names = request.getHeaderNames();
        while (names != null && names.hasMoreElements()) {
            String name = names.nextElement();
            List<String> values = new ArrayList<>();
            Enumeration<String> e = request.getHeaders(name);
            while (e != null && e.hasMoreElements()) {
                values.add(e.nextElement());
            }
            copy.merge(name, List.copyOf(values), (a, b) -> {
                List<String> merged = new ArrayList<>(a);
                merged.addAll(b);
                return List.copyOf(merged);
            });
        }
        return Collections.unmodifiableMap(copy);
    }

    /** ws://host:port/context/path?query (wss for secure requests), as other implementations report it. */
    static URI requestUri(HttpServletRequest request) {
        StringBuilder uri = new StringBuilder(request.isSecure() ? "wss://" : "ws://");
        String host = request.getServerName();
        uri.append(host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host)
                .append(':').append(request.getServerPort())
                .append(request.getRequestURI());
        if (request.getQueryString() != null) {
            uri.append('?').append(request.getQueryString());
        }
        return URI.create(uri.toString());
    }

    /** Every header, under a case-insensitive key; value lists are read-only. */
    @Override
    public Map<String, List<String>> getHeaders() {
        return headers;
    }

    List<String> header(String name) {
        return headers.getOrDefault(name, List.of());
    }

    @Override
    public Principal getUserPrincipal() {
        return request.getUserPrincipal();
    }

    @Override
    public URI getRequestURI() {
        return requestUri;
    }

    @Override
    public boolean isUserInRole(String role) {
        return request.isUserInRole(role);
    }

    @Override
    public Object getHttpSession() {
        return request.getSession(false);
    }

    @Override
    public Map<String, List<String>> getParameterMap() {
        return parameters;
    }

    @Override
    public String getQueryString() {
        return queryString;
    }
}
