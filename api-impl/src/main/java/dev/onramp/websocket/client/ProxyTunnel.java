package dev.onramp.websocket.client;

import dev.onramp.websocket.transport.Transport;
import jakarta.websocket.DeploymentException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Opens a tunnel through an HTTP proxy with CONNECT (RFC 9110 §9.3.6), with basic authentication when configured. */
final class ProxyTunnel {

    private ProxyTunnel() {
    }

    /** Completes when the proxy answered 2xx; fails with a DeploymentException that carries its status otherwise. */
    static CompletableFuture<Void> open(Transport transport, String host, int port, Map<String, Object> props) {
        String authority = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        StringBuilder request = new StringBuilder();
        request.append("CONNECT ").append(authority).append(" HTTP/1.1\r\n");
        request.append("Host: ").append(authority).append("\r\n");
        String credentials = credentials(props);
        if (credentials != null) {
            request.append("Proxy-Authorization: Basic ").append(credentials).append("\r\n");
        }
        request.append("\r\n");
        return WriteThenRead.exchange(transport, request.toString().getBytes(StandardCharsets.ISO_8859_1))
                .thenCompose(head -> {
                    if (head.status() / 100 == 2) {
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    String why = head.status() == 407
                            ? (credentials == null ? " (the proxy wants credentials: set " + ClientProperties.PROXY_USER
                                    + " and " + ClientProperties.PROXY_PASSWORD + ")" : " (the proxy refused the credentials)")
                            : "";
                    return CompletableFuture.<Void>failedFuture(new DeploymentException("the proxy refused to CONNECT to "
                            + authority + ": HTTP " + head.status() + " " + head.reason() + why));
                });
    }

    private static String credentials(Map<String, Object> props) {
        Object user = props.get(ClientProperties.PROXY_USER);
        if (user == null) {
            return null;
        }
        Object password = props.get(ClientProperties.PROXY_PASSWORD);
        String pass = password instanceof char[] chars ? new String(chars) : password == null ? "" : password.toString();
        byte[] pair = (user + ":" + pass).getBytes(StandardCharsets.UTF_8);
        return Base64.getEncoder().encodeToString(pair);
    }
}
