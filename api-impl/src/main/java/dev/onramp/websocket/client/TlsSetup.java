package dev.onramp.websocket.client;

import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/** Builds the client's {@link SSLEngine} for a {@code wss://} URI from the user properties (see {@link ClientProperties}). */
final class TlsSetup {

    private TlsSetup() {
    }

    static SSLEngine engine(Map<String, Object> props, String host, int port) {
        SSLContext context = ClientProperties.typed(props, ClientProperties.SSL_CONTEXT, SSLContext.class);
        if (context == null) {
            try {
                context = SSLContext.getDefault();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("no default SSLContext", e);
            }
        }
        SSLEngine engine = context.createSSLEngine(host, port);
        engine.setUseClientMode(true);
        SSLParameters user = ClientProperties.typed(props, ClientProperties.SSL_PARAMETERS, SSLParameters.class);
        if (user != null) {
            // the engine copies the user's settings; the object itself is shared by every connection of the config
            // and is never written to (a host name put into it would be checked against the next host's certificate)
            engine.setSSLParameters(user);
        }
        SSLParameters params = engine.getSSLParameters(); // a fresh copy, this connection's own
        // hostname verification is on unless the user's parameters turn it off explicitly with ""
        if (params.getEndpointIdentificationAlgorithm() == null) {
            params.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if ((params.getServerNames() == null || params.getServerNames().isEmpty()) && !isIpLiteral(host)) {
            params.setServerNames(List.of(new SNIHostName(host)));
        }
        engine.setSSLParameters(params);
        return engine;
    }

    /** SNI carries host names only (RFC 6066 §3): an IPv4 or IPv6 literal is never sent. */
    static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.matches("[0-9.]+");
    }
}
