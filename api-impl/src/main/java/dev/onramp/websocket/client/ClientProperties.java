package dev.onramp.websocket.client;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The user properties of a {@code ClientEndpointConfig} that tune one connection, with their defaults. Put them in
 * {@code config.getUserProperties()} before {@code connectToServer}:
 *
 * <pre>{@code
 * ClientEndpointConfig config = ClientEndpointConfig.Builder.create().build();
 * config.getUserProperties().put(ClientProperties.CONNECT_TIMEOUT, 5_000L);
 * config.getUserProperties().put(ClientProperties.PROXY, "proxy.example:3128");
 * }</pre>
 */
public final class ClientProperties {

    /** TCP connect timeout, ms (a Number or a numeric String). Default {@value #DEFAULT_CONNECT_TIMEOUT_MS}. */
    public static final String CONNECT_TIMEOUT = "dev.onramp.websocket.client.connectTimeout";

    /**
     * Time for everything after the TCP connect up to the server's 101 answer (proxy tunnel, TLS, HTTP upgrade), ms.
     * Default {@value #DEFAULT_HANDSHAKE_TIMEOUT_MS}.
     */
    public static final String HANDSHAKE_TIMEOUT = "dev.onramp.websocket.client.handshakeTimeout";

    /** The {@link SSLContext} for {@code wss://}; default {@link SSLContext#getDefault()}. */
    public static final String SSL_CONTEXT = "dev.onramp.websocket.client.sslContext";

    /**
     * {@link SSLParameters} for {@code wss://} (protocols, cipher suites, SNI...). Hostname verification stays on
     * unless these set an endpoint identification algorithm of {@code ""}; SNI names the URI's host unless these
     * name servers themselves.
     */
    public static final String SSL_PARAMETERS = "dev.onramp.websocket.client.sslParameters";

    /**
     * The HTTP proxy to tunnel through (CONNECT): a {@link Proxy}, a {@link ProxySelector}, a {@code "host:port"}
     * String, or {@code "direct"} for none. Default: what {@link ProxySelector#getDefault()} picks for the URI
     * with its scheme read as {@code http}/{@code https}.
     */
    public static final String PROXY = "dev.onramp.websocket.client.proxy";

    /** User name for basic authentication at the proxy (String). */
    public static final String PROXY_USER = "dev.onramp.websocket.client.proxyUser";

    /** Password for basic authentication at the proxy (String or char[]). */
    public static final String PROXY_PASSWORD = "dev.onramp.websocket.client.proxyPassword";

    /** Default of {@link #CONNECT_TIMEOUT}, ms. */
    public static final long DEFAULT_CONNECT_TIMEOUT_MS = 30_000L;

    /** Default of {@link #HANDSHAKE_TIMEOUT}, ms. */
    public static final long DEFAULT_HANDSHAKE_TIMEOUT_MS = 30_000L;

    private ClientProperties() {
    }

    static long millis(Map<String, Object> props, String name, long defaultValue) {
        Object v = props.get(name);
        if (v == null) {
            return defaultValue;
        }
        long ms;
        if (v instanceof Number n) {
            ms = n.longValue();
        } else {
            try {
                ms = Long.parseLong(v.toString().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a number of milliseconds, not " + v);
            }
        }
        if (ms <= 0) {
            throw new IllegalArgumentException(name + " must be positive, not " + ms);
        }
        return ms;
    }

    static <T> T typed(Map<String, Object> props, String name, Class<T> type) {
        Object v = props.get(name);
        if (v == null) {
            return null;
        }
        if (!type.isInstance(v)) {
            throw new IllegalArgumentException(name + " must be a " + type.getName() + ", not " + v.getClass().getName());
        }
        return type.cast(v);
    }

    /** Parses "host:port" (a bracketed IPv6 host allowed) into an unresolved address. */
    static InetSocketAddress hostPort(String name, String spec) {
        int colon = spec.lastIndexOf(':');
        if (colon <= 0 || colon == spec.length() - 1) {
            throw new IllegalArgumentException(name + " must be host:port, not " + spec);
        }
        String host = spec.substring(0, colon).trim();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return InetSocketAddress.createUnresolved(host, Integer.parseInt(spec.substring(colon + 1).trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be host:port, not " + spec);
        }
    }
}
