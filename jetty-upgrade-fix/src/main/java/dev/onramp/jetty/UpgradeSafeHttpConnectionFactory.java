package dev.onramp.jetty;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;

/**
 * Jetty's HTTP/1.1 connection factory, made safe for {@code HttpServletRequest.upgrade} of WebSocket handshakes.
 *
 * <p>Jetty 12.1 ee11 (12.1.4, 12.1.8, 12.1.11, 12.1.12 and 12.1.14 checked) reads an upgraded connection through
 * the request's own content stream. A WebSocket handshake is a GET without {@code Content-Length}, so the end of its (empty) body is
 * already recorded when the headers are parsed; after the 101 the upgraded input returns that end at once and
 * never the bytes the client sends next. A client that happens to send {@code Content-Length: 0} escapes, because
 * the end of its body is only recorded when someone reads it. This factory's connections hold back the end of
 * body of an upgrade request (an {@code Upgrade} header and no declared body) until it is known whether the
 * connection becomes a tunnel: if it does, the end is dropped and the upgraded input reads the tunnel; if not,
 * readers of the body see the end as usual. A connection that carried a tunnel is never reused for HTTP.
 *
 * <p>Use it in place of {@link HttpConnectionFactory}:
 * {@code new ServerConnector(server, new UpgradeSafeHttpConnectionFactory(new HttpConfiguration()))}.
 */
public class UpgradeSafeHttpConnectionFactory extends HttpConnectionFactory {

    /** A factory with a default {@link HttpConfiguration}. */
    public UpgradeSafeHttpConnectionFactory() {
        this(new HttpConfiguration());
    }

    /**
     * @param configuration the HTTP configuration of the connections
     */
    public UpgradeSafeHttpConnectionFactory(HttpConfiguration configuration) {
        super(configuration);
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        UpgradeSafeHttpConnection connection = new UpgradeSafeHttpConnection(getHttpConfiguration(), connector, endPoint);
        connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength());
        return configure(connection, connector, endPoint);
    }
}
