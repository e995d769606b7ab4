package dev.onramp.websocket.client;

import dev.onramp.websocket.endpoint.ExtensionHeaders;
import dev.onramp.websocket.endpoint.ExtensionNegotiation;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The opening handshake from the client's side (RFC 6455 §4.1): the request it sends and the checks it makes on
 * the answer. Pure code over strings; the I/O lives in {@link OnrampClientContainer}.
 */
final class ClientHandshake {

    /** The GUID that RFC 6455 §1.3 appends to the key. */
    static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final URI uri;
    private final ClientEndpointConfig config;
    private final Map<String, List<String>> headers;

    private ClientHandshake(URI uri, ClientEndpointConfig config, Map<String, List<String>> headers) {
        this.uri = uri;
        this.config = config;
        this.headers = headers;
    }

    /**
     * Builds the request's header fields and lets the configurator change them ({@code beforeRequest}). The map is
     * mutable and its names compare case-insensitively, so a configurator that sets "sec-websocket-protocol"
     * replaces the field rather than sending it twice; an "Origin" is sent only when the configurator adds one.
     *
     * @throws DeploymentException when a field (or the request target) would inject lines: {@link RequestHeadCheck}
     */
    static ClientHandshake prepare(URI uri, ClientEndpointConfig config) throws DeploymentException {
        Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.put("Host", list(hostHeader(uri)));
        h.put("Upgrade", list("websocket"));
        h.put("Connection", list("Upgrade"));
        h.put("Sec-WebSocket-Key", list(newKey()));
        h.put("Sec-WebSocket-Version", list("13"));
        List<String> protocols = config.getPreferredSubprotocols();
        if (protocols != null && !protocols.isEmpty()) {
            h.put("Sec-WebSocket-Protocol", list(String.join(", ", protocols)));
        }
        List<Extension> extensions = config.getExtensions();
        if (extensions != null && !extensions.isEmpty()) {
            h.put("Sec-WebSocket-Extensions", list(ExtensionHeaders.format(extensions)));
        }
        ClientEndpointConfig.Configurator configurator = config.getConfigurator();
        if (configurator != null) {
            configurator.beforeRequest(h);
        }
        RequestHeadCheck.check(uri.getHost(), requestTarget(uri), h);
        return new ClientHandshake(uri, config, h);
    }

    private static List<String> list(String value) {
        List<String> l = new ArrayList<>(1);
        l.add(value);
        return l;
    }

    /** A fresh nonce: 16 random bytes, base64 (§4.1, item 7). */
    static String newKey() {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    /** The Host field: the port only when it is not the scheme's default (§4.1, item 4). */
    static String hostHeader(URI uri) {
        String host = uri.getHost();
        int port = uri.getPort();
        boolean secure = "wss".equalsIgnoreCase(uri.getScheme());
        if (port == -1 || port == (secure ? 443 : 80)) {
            return host;
        }
        return host + ":" + port;
    }

    /** The request target: path (or "/") and query, as they were written (percent-encoded). */
    static String requestTarget(URI uri) {
        String path = uri.getRawPath();
        if (path == null || path.isEmpty()) {
            path = "/";
        }
        String query = uri.getRawQuery();
        return query == null ? path : path + "?" + query;
    }

    /** The request header fields after the configurator ran (live; read-only use). */
    Map<String, List<String>> headers() {
        return headers;
    }

    /** The request as bytes: request line, header fields (one line per value), blank line. */
    byte[] requestBytes() {
        StringBuilder sb = new StringBuilder(256);
        sb.append("GET ").append(requestTarget(uri)).append(" HTTP/1.1\r\n");
        for (Map.Entry<String, List<String>> field : headers.entrySet()) {
            if (field.getValue() == null) {
                continue;
            }
            for (String value : field.getValue()) {
                sb.append(field.getKey()).append(": ").append(value == null ? "" : value).append("\r\n");
            }
        }
        sb.append("\r\n");
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** What the server agreed to. */
    record Agreement(String subprotocol, List<Extension> extensions, HandshakeResponse response) {
    }

    /**
     * Checks the server's answer (§4.1, the client's requirements on the response) and tells the configurator
     * ({@code afterResponse}). Any failure is a {@link DeploymentException} naming what was wrong.
     */
    Agreement accept(HttpResponseHead response) throws DeploymentException {
        if (response.status() != 101) {
            throw new DeploymentException("the server at " + uri + " refused the WebSocket upgrade: HTTP "
                    + response.status() + (response.reason().isEmpty() ? "" : " " + response.reason()));
        }
        if (!"websocket".equalsIgnoreCase(String.valueOf(response.value("Upgrade")))) {
            throw new DeploymentException("bad handshake answer from " + uri + ": Upgrade is " + response.value("Upgrade"));
        }
        if (response.tokens("Connection").stream().noneMatch("upgrade"::equalsIgnoreCase)) {
            throw new DeploymentException("bad handshake answer from " + uri + ": Connection is " + response.value("Connection"));
        }
        String expected = acceptFor(first(headers.get("Sec-WebSocket-Key")));
        String accept = response.value("Sec-WebSocket-Accept");
        if (!expected.equals(accept)) {
            throw new DeploymentException("bad handshake answer from " + uri + ": Sec-WebSocket-Accept is " + accept
                    + ", expected " + expected);
        }
        String subprotocol = negotiatedSubprotocol(response);
        List<Extension> extensions = negotiatedExtensions(response);
        HandshakeResponse handshakeResponse = response::headers;
        ClientEndpointConfig.Configurator configurator = config.getConfigurator();
        if (configurator != null) {
            configurator.afterResponse(handshakeResponse);
        }
        return new Agreement(subprotocol, extensions, handshakeResponse);
    }

    private String negotiatedSubprotocol(HttpResponseHead response) throws DeploymentException {
        List<String> chosen = response.tokens("Sec-WebSocket-Protocol");
        if (chosen.isEmpty()) {
            return "";
        }
        List<String> offered = config.getPreferredSubprotocols() == null ? List.of() : config.getPreferredSubprotocols();
        if (chosen.size() > 1 || !offered.contains(chosen.get(0))) {
            throw new DeploymentException("the server at " + uri + " chose subprotocol " + String.join(", ", chosen)
                    + " which the client did not offer (offered: " + offered + ")");
        }
        return chosen.get(0);
    }

    private List<Extension> negotiatedExtensions(HttpResponseHead response) throws DeploymentException {
        List<String> offeredNames = new ArrayList<>();
        if (config.getExtensions() != null) {
            for (Extension e : config.getExtensions()) {
                offeredNames.add(e.getName());
            }
        }
        List<Extension> agreed = new ArrayList<>();
        for (String value : response.headers().getOrDefault("Sec-WebSocket-Extensions", List.of())) {
            List<Extension> answered;
            try {
                answered = ExtensionHeaders.parse(List.of(value));
            } catch (IllegalArgumentException e) {
                throw new DeploymentException("the server at " + uri + " answered a malformed Sec-WebSocket-Extensions: "
                        + e.getMessage(), e);
            }
            for (Extension e : answered) {
                if (!offeredNames.contains(e.getName())) {
                    throw new DeploymentException("the server at " + uri + " accepted extension " + e.getName()
                            + " which the client did not offer (offered: " + offeredNames + ")");
                }
                if (agreed.stream().anyMatch(a -> a.getName().equals(e.getName()))) {
                    throw new DeploymentException("the server at " + uri + " accepted extension " + e.getName()
                            + " twice");
                }
                try {
                    agreed.add(ExtensionNegotiation.clientAgree(e, config.getExtensions()));
                } catch (IllegalArgumentException bad) {
                    throw new DeploymentException("the server at " + uri + " answered " + e + ", which the client"
                            + " cannot accept: " + bad.getMessage(), bad);
                }
            }
        }
        return agreed;
    }

    private static String first(List<String> values) {
        return values == null || values.isEmpty() ? "" : values.get(0);
    }

    /** The Sec-WebSocket-Accept a server must answer to the key (§4.2.2, item 5.4). */
    static String acceptFor(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] digest = sha1.digest((key + ACCEPT_GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }
}
