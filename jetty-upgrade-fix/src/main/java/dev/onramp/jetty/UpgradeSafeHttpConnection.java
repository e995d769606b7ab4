package dev.onramp.jetty;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.internal.HttpConnection;

/**
 * An HTTP/1.1 connection that holds back the end of body of a bodiless upgrade request until it knows
 * whether the connection turns into a tunnel (see {@link UpgradeSafeHttpConnectionFactory} for why).
 */
final class UpgradeSafeHttpConnection extends HttpConnection {

    /** HTTP/1.1 carries one request at a time: the stream of the request being parsed or handled. */
    private volatile UpgradeAwareStream current;

    UpgradeSafeHttpConnection(HttpConfiguration configuration, Connector connector, EndPoint endPoint) {
        super(configuration, connector, endPoint);
    }

    @Override
    protected HttpStreamOverHTTP1 newHttpStream(String method, String uri, HttpVersion version) {
        UpgradeAwareStream stream = new UpgradeAwareStream(method, uri, version);
        current = stream;
        return stream;
    }

    @Override
    protected RequestHandler newRequestHandler() {
        return new HoldingRequestHandler();
    }

    @Override
    public void startTunnel() {
        // Onramp's own timeouts (session idle, send, close handshake) govern an upgraded connection, on both paths:
        // the connector's idle timeout (30 s by default) would drop it silently, without a close frame
        getEndPoint().setIdleTimeout(0);
        UpgradeAwareStream stream = current;
        NativeUpgradeConnection nativeConnection = offerNativeConnection();
        if (nativeConnection != null) {
            // Onramp takes the socket once this request's exchange completes, which reads what is left of the request:
            // it must find the end of the (empty) body, never the first frames of the tunnel
            if (stream != null) {
                stream.handedOver = true;
            }
            getHttpChannel().getRequest().setAttribute(HttpStream.UPGRADE_CONNECTION_ATTRIBUTE, nativeConnection);
            super.startTunnel();
            return;
        }
        if (stream != null) {
            stream.tunnel = true;
        }
        // A connection that carried a tunnel never goes back to HTTP. Without this, when the server ends the tunnel
        // right after failing a WebSocket connection, Jetty now and then parses the client's close frame as a new
        // request and answers 400 (1-2 of Autobahn's 301 cases per run, never with this line; no deterministic
        // reproduction found yet).
        getGenerator().setPersistent(false);
        super.startTunnel();
    }

    /**
     * Offers Onramp's upgrade handler, if the handshake left one on the request, a native connection on this
     * endpoint; returns it if taken.
     */
    private NativeUpgradeConnection offerNativeConnection() {
        Request request = getHttpChannel().getRequest();
        Object handler = request == null ? null : request.getAttribute(NativeChannelOffer.HANDLER_ATTRIBUTE);
        if (handler == null) {
            return null;
        }
        NativeUpgradeConnection connection = new NativeUpgradeConnection(getEndPoint(), getConnector().getExecutor(),
                getConnector().getByteBufferPool(), getInputBufferSize());
        if (!NativeChannelOffer.offer(handler, connection)) {
            return null;
        }
        // the connector's connection listeners (Jetty's ConnectionStatistics among them) see it, as every connection
        // a connection factory makes
        getConnector().getBeans(Connection.Listener.class).forEach(connection::addEventListener);
        return connection;
    }

    /** Withholds the parser's "message complete" of a bodiless upgrade request. */
    private final class HoldingRequestHandler extends RequestHandler {
        @Override
        public boolean messageComplete() {
            UpgradeAwareStream stream = current;
            if (stream != null && !stream.tunnel && stream.isBodilessUpgrade()) {
                stream.endHeld = true;
                return false;
            }
            return super.messageComplete();
        }
    }

    /** Remembers what the request declared, and answers for the held end of body until a tunnel starts. */
    private final class UpgradeAwareStream extends HttpStreamOverHTTP1 {
        private boolean upgrade;
        private boolean declaresBody;
        private volatile boolean endHeld;
        private volatile boolean tunnel;
        /** The socket goes to Onramp's native connection: the request's body is over, whatever the parser says. */
        private volatile boolean handedOver;

        UpgradeAwareStream(String method, String uri, HttpVersion version) {
            super(method, uri, version);
        }

        boolean isBodilessUpgrade() {
            return upgrade && !declaresBody;
        }

        @Override
        public void parsedHeader(HttpField field) {
            super.parsedHeader(field);
            HttpHeader header = field.getHeader();
            if (header == HttpHeader.UPGRADE) {
                upgrade = true;  // websocket, or any protocol a servlet may take the connection over for
            } else if (header == HttpHeader.CONTENT_LENGTH || header == HttpHeader.TRANSFER_ENCODING) {
                declaresBody = true;
            }
        }

        @Override
        public Content.Chunk read() {
            if (handedOver) {
                return Content.Chunk.EOF;
            }
            if (endHeld) {
                if (!tunnel) {
                    return Content.Chunk.EOF;
                }
                // The held end belonged to the handshake request; what follows is the tunnel's.
                endHeld = false;
            }
            return super.read();
        }

        @Override
        public void demand() {
            if (handedOver || endHeld && !tunnel) {
                Runnable onContentAvailable = getHttpChannel().onContentAvailable();
                if (onContentAvailable != null) {
                    onContentAvailable.run();
                }
                return;
            }
            super.demand();
        }
    }
}
