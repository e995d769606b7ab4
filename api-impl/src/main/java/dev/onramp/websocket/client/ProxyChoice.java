package dev.onramp.websocket.client;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;

/** Picks the proxy for a connection: the {@link ClientProperties#PROXY} property, else the default ProxySelector. */
final class ProxyChoice {

    private ProxyChoice() {
    }

    /** DIRECT or an HTTP proxy; SOCKS proxies are passed over (the client tunnels through HTTP CONNECT only). */
    static Proxy choose(URI uri, Map<String, Object> props) {
        Object setting = props.get(ClientProperties.PROXY);
        if (setting instanceof Proxy p) {
            if (p.type() == Proxy.Type.SOCKS) {
                throw new IllegalArgumentException(ClientProperties.PROXY + ": SOCKS proxies are not supported, only HTTP CONNECT");
            }
            return p;
        }
        if (setting instanceof String s) {
            if (s.isBlank() || s.trim().equalsIgnoreCase("direct")) {
                return Proxy.NO_PROXY;
            }
            return new Proxy(Proxy.Type.HTTP, ClientProperties.hostPort(ClientProperties.PROXY, s.trim()));
        }
        ProxySelector selector;
        if (setting instanceof ProxySelector ps) {
            selector = ps;
        } else if (setting == null) {
            selector = ProxySelector.getDefault();
        } else {
            throw new IllegalArgumentException(ClientProperties.PROXY + " must be a Proxy, a ProxySelector or host:port, not "
                    + setting.getClass().getName());
        }
        if (selector == null) {
            return Proxy.NO_PROXY;
        }
        List<Proxy> proxies = selector.select(asHttp(uri));
        if (proxies == null) {
            return Proxy.NO_PROXY;
        }
        for (Proxy p : proxies) {
            if (p.type() == Proxy.Type.DIRECT) {
                return Proxy.NO_PROXY;
            }
            if (p.type() == Proxy.Type.HTTP && p.address() instanceof InetSocketAddress) {
                return p;
            }
        }
        return Proxy.NO_PROXY;
    }

    /** ProxySelectors know http and https; a WebSocket connection goes through the same proxies (RFC 6455 §4.1). */
    static URI asHttp(URI uri) {
        String scheme = "wss".equalsIgnoreCase(uri.getScheme()) ? "https" : "http";
        try {
            return new URI(scheme, uri.getRawAuthority(), uri.getRawPath(), null, null);
        } catch (URISyntaxException e) {
            return uri;
        }
    }
}
