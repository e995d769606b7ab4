package dev.onramp.servlet;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The server's checks of an opening handshake (RFC 6455 §4.2.1), as a pure function of the request line and
 * headers, and the {@code Sec-WebSocket-Accept} computation (§4.2.2).
 */
public final class HandshakeValidator {

    /** The only version this server speaks (RFC 6455 §4.1). */
    public static final String VERSION = "13";

    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private HandshakeValidator() {
    }

    /**
     * The outcome: either {@link #accepted()} with the client's key, or a rejection with the HTTP status, a short
     * plain-text reason and headers to add.
     */
    public record Result(int status, String reason, Map<String, String> headers, String key) {
        /** Whether the handshake may go on (to the configurator and the 101). */
        public boolean accepted() {
            return status == 101;
        }

        static Result reject(int status, String reason) {
            return new Result(status, reason, Map.of(), null);
        }
    }

    /** Whether the request asks for a WebSocket upgrade at all (so the filter must answer it, not pass it on). */
    public static boolean isUpgradeRequest(Function<String, List<String>> headers) {
        return HeaderTokens.containsIgnoreCase(headers.apply("Upgrade"), "websocket");
    }

    /**
     * Checks a request that asks for an upgrade to {@code websocket}.
     *
     * @param method the request method
     * @param protocol the request's protocol, e.g. {@code HTTP/1.1}
     * @param headers every value of a header, by case-insensitive name (empty list when absent)
     */
    public static Result validate(String method, String protocol, Function<String, List<String>> headers) {
        if (!"GET".equals(method)) {
            // §4.1: the handshake MUST be a GET; a server answers what it does not understand with 4xx (§4.2.1)
            return Result.reject(400, "WebSocket handshake must use GET, not " + method);
        }
        if (!isHttp11OrLater(protocol)) {
            return Result.reject(400, "WebSocket handshake needs HTTP/1.1 or later, not " + protocol);
        }
        if (headers.apply("Host").isEmpty()) {
            return Result.reject(400, "Missing Host header");
        }
        if (!HeaderTokens.containsIgnoreCase(headers.apply("Upgrade"), "websocket")) {
            return Result.reject(400, "Upgrade header must contain 'websocket'");
        }
        if (!HeaderTokens.containsIgnoreCase(headers.apply("Connection"), "upgrade")) {
            return Result.reject(400, "Connection header must contain 'Upgrade'");
        }
        List<String> versions = headers.apply("Sec-WebSocket-Version");
        if (versions.size() != 1 || !VERSION.equals(versions.get(0).trim())) {
            // §4.2.2: answer an unsupported version with 426 and the versions this server speaks
            return new Result(426, "Unsupported WebSocket version; this server speaks 13",
                    Map.of("Sec-WebSocket-Version", VERSION), null);
        }
        List<String> keys = headers.apply("Sec-WebSocket-Key");
        if (keys.size() != 1 || !isValidKey(keys.get(0).trim())) {
            return Result.reject(400, "Sec-WebSocket-Key must be the base64 encoding of 16 bytes");
        }
        return new Result(101, "", Map.of(), keys.get(0).trim());
    }

    /** base64(SHA-1(key + GUID)), the value of {@code Sec-WebSocket-Accept}. */
    public static String acceptKey(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] digest = sha1.digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
    }

    static boolean isValidKey(String key) {
        if (key.length() != 24) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isHttp11OrLater(String protocol) {
        if (protocol == null || !protocol.startsWith("HTTP/")) {
            return false;
        }
        String version = protocol.substring(5);
        int dot = version.indexOf('.');
        try {
            int major = Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
            int minor = dot < 0 ? 0 : Integer.parseInt(version.substring(dot + 1));
            return major > 1 || (major == 1 && minor >= 1);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
