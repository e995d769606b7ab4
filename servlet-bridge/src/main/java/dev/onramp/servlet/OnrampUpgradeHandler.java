package dev.onramp.servlet;

import dev.onramp.websocket.session.SessionSetup;
import dev.onramp.websocket.session.WebSocketConnection;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import jakarta.websocket.Session;

import java.net.InetSocketAddress;

/**
 * What the servlet container runs once it has switched the connection to WebSocket: builds a
 * {@link ServletTransport} over the {@link WebConnection} and opens the session on it.
 */
public final class OnrampUpgradeHandler implements HttpUpgradeHandler {

    private static final System.Logger LOG = System.getLogger(OnrampUpgradeHandler.class.getName());

    /** What the handshake learned, handed over between {@code request.upgrade()} and {@link #init}. */
    record Pending(SessionSetup setup, OnrampServerContainer container, HttpSession httpSession, boolean secure,
            InetSocketAddress local, InetSocketAddress remote) {
    }

    private volatile Pending pending;
    private volatile ServletTransport transport;

    /** Instantiated by the servlet container. */
    public OnrampUpgradeHandler() {
    }

    void prepare(Pending pending) {
        this.pending = pending;
    }

    @Override
    public void init(WebConnection connection) {
        Pending p = pending;
        if (p == null) {
            // upgraded by someone else than the handshake: nothing to run
            closeQuietly(connection);
            return;
        }
        try {
            transport = ServletTransport.attach(connection, p.secure(), p.local(), p.remote());
            Session session = WebSocketConnection.open(transport, p.setup());
            if (p.httpSession() != null && session != null) {
                p.container().httpSessions().track(p.httpSession(), session);
            }
        } catch (Exception | LinkageError e) {
            LOG.log(System.Logger.Level.ERROR, "opening a WebSocket session failed", e);
            if (transport != null) {
                transport.close();
            } else {
                closeQuietly(connection);
            }
        }
    }

    @Override
    public void destroy() {
        ServletTransport t = transport;
        if (t != null) {
            t.close();
        }
    }

    private static void closeQuietly(WebConnection connection) {
        try {
            connection.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "closing an upgraded connection failed", e);
        }
    }
}
