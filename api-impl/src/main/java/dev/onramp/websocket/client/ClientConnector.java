package dev.onramp.websocket.client;

import dev.onramp.websocket.transport.Transport;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.DeploymentException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLException;

/**
 * Opens one client connection up to the server's 101: TCP connect, proxy tunnel, TLS, then the upgrade. Every step
 * is non-blocking underneath; the caller of {@link #connect} waits for each with a deadline, so a silent server
 * costs at most the documented timeouts and never a hung thread.
 */
final class ClientConnector {

    /** A connection whose upgrade succeeded, ready for a session. */
    record Upgraded(Transport transport, ClientHandshake.Agreement agreement) {
    }

    private final URI uri;
    private final ClientEndpointConfig config;
    private final Map<String, Object> props;
    private final boolean secure;
    private final String host;
    private final int port;

    ClientConnector(URI uri, ClientEndpointConfig config) throws DeploymentException {
        this.uri = uri;
        this.config = config;
        this.props = config.getUserProperties();
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("ws") || scheme.equalsIgnoreCase("wss"))) {
            throw new DeploymentException("not a WebSocket URI (ws:// or wss://): " + uri);
        }
        if (uri.getHost() == null) {
            throw new DeploymentException("the URI names no host: " + uri);
        }
        this.secure = scheme.equalsIgnoreCase("wss");
        this.host = unbracket(uri.getHost());
        this.port = uri.getPort() == -1 ? (secure ? 443 : 80) : uri.getPort();
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    Upgraded connect() throws DeploymentException {
        long connectTimeout;
        long handshakeTimeout;
        Proxy proxy;
        try {
            connectTimeout = ClientProperties.millis(props, ClientProperties.CONNECT_TIMEOUT,
                    ClientProperties.DEFAULT_CONNECT_TIMEOUT_MS);
            handshakeTimeout = ClientProperties.millis(props, ClientProperties.HANDSHAKE_TIMEOUT,
                    ClientProperties.DEFAULT_HANDSHAKE_TIMEOUT_MS);
            proxy = ProxyChoice.choose(uri, props);
        } catch (IllegalArgumentException e) {
            throw new DeploymentException(e.getMessage(), e);
        }
        InetSocketAddress target = proxy.type() == Proxy.Type.HTTP
                ? resolve((InetSocketAddress) proxy.address())
                : resolve(InetSocketAddress.createUnresolved(host, port));

        // the request is built (and checked) before any connection: one that cannot be sent costs the server nothing
        ClientHandshake handshake = ClientHandshake.prepare(uri, config);
        ClientSelector selector = ClientSelector.next();
        SocketChannel channel = await(selector.connect(target), connectTimeout, connectTimeout,
                "connecting to " + describe(target), null);
        NioTransport raw = new NioTransport(channel, selector);
        Transport transport = raw;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(handshakeTimeout);
        try {
            if (proxy.type() == Proxy.Type.HTTP) {
                await(ProxyTunnel.open(raw, host, port, props), remaining(deadline), handshakeTimeout, "the CONNECT tunnel through proxy "
                        + describe(target), raw);
            }
            if (secure) {
                TlsTransport tls = new TlsTransport(raw, TlsSetup.engine(props, host, port));
                transport = tls;
                await(tls.handshake(), remaining(deadline), handshakeTimeout, "the TLS handshake with " + host + ":" + port, tls);
            }
            CompletableFuture<HttpResponseHead> answer = WriteThenRead.exchange(transport, handshake.requestBytes());
            HttpResponseHead head = await(answer, remaining(deadline), handshakeTimeout,
                    "the WebSocket handshake with " + uri, transport);
            ClientHandshake.Agreement agreement = handshake.accept(head);
            return new Upgraded(new PrefetchedTransport(transport, head.rest(), selector), agreement);
        } catch (DeploymentException | RuntimeException e) {
            transport.close();
            raw.close();
            throw e;
        }
    }

    private static long remaining(long deadlineNanos) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }

    private InetSocketAddress resolve(InetSocketAddress address) throws DeploymentException {
        InetSocketAddress resolved = address.isUnresolved()
                ? new InetSocketAddress(address.getHostString(), address.getPort())
                : address;
        if (resolved.isUnresolved()) {
            throw new DeploymentException("cannot resolve host " + address.getHostString() + " (connecting to " + uri + ")");
        }
        return resolved;
    }

    private static String describe(InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }

    /**
     * Waits for one step (at most {@code timeoutMs}, what is left of the {@code budgetMs} the message names); a failure or
     * timeout closes what is open and becomes a DeploymentException naming the step.
     */
    private <T> T await(CompletableFuture<T> step, long timeoutMs, long budgetMs, String what, Transport toClose)
            throws DeploymentException {
        try {
            return step.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            step.cancel(false);
            if (toClose != null) {
                toClose.close();
            }
            throw new DeploymentException(what + " timed out after " + budgetMs + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            step.cancel(false);
            if (toClose != null) {
                toClose.close();
            }
            throw new DeploymentException(what + " was interrupted", e);
        } catch (ExecutionException | CancellationException e) {
            if (toClose != null) {
                toClose.close();
            }
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            if (cause instanceof DeploymentException de) {
                throw de;
            }
            throw new DeploymentException(what + " failed: " + describe(cause), cause);
        }
    }

    private static String describe(Throwable cause) {
        if (cause instanceof SSLException) {
            Throwable root = cause;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String message = cause.getMessage();
            return root == cause || root.getMessage() == null || (message != null && message.contains(root.getMessage()))
                    ? String.valueOf(message)
                    : message + " (" + root.getMessage() + ")";
        }
        if (cause instanceof IOException && cause.getMessage() != null) {
            return cause.getClass().getSimpleName() + ": " + cause.getMessage();
        }
        return String.valueOf(cause);
    }
}
