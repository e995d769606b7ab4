package dev.onramp.servlet;

import dev.onramp.websocket.session.SessionSetup;
import dev.onramp.websocket.session.WebSocketConnection;
import dev.onramp.websocket.transport.Transport;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import jakarta.websocket.Session;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the servlet container runs once it has switched the connection to WebSocket: opens the session on a
 * transport over the connection. That is a {@link NativeTransport} when a container module offered its own I/O for
 * this connection ({@link #offerNativeChannel}) and the application allows it ({@link NativeIo}), otherwise a
 * {@link ServletTransport} over the {@link WebConnection}'s non-blocking streams.
 */
public final class OnrampUpgradeHandler implements HttpUpgradeHandler {

    /**
     * The request attribute under which the handshake leaves this handler for a container module that sees the
     * upgraded request but not the handler (Jetty's connection). Part of the native channel contract.
     */
    public static final String NATIVE_OFFER_ATTRIBUTE = "dev.onramp.websocket.nativeIo.upgradeHandler";

    private static final System.Logger LOG = System.getLogger(OnrampUpgradeHandler.class.getName());
    /** Whether the path this application's connections take has been logged (once for each path). */
    private static final AtomicBoolean NATIVE_PATH_LOGGED = new AtomicBoolean();
    private static final AtomicBoolean SERVLET_PATH_LOGGED = new AtomicBoolean();

    /** What the handshake learned, handed over between {@code request.upgrade()} and {@link #init}. */
    record Pending(SessionSetup setup, OnrampServerContainer container, HttpSession httpSession, boolean secure,
            InetSocketAddress local, InetSocketAddress remote, boolean nativeAllowed) {
    }

    private volatile Pending pending;
    private volatile Flow.Publisher<ByteBuffer> nativeChannel;
    private volatile Transport transport;
    /**
     * Whether {@link #transport} runs over the servlet streams. A flag, not an {@code instanceof}: the container may
     * call {@link #destroy} after the application stopped, when its loader refuses to load a class not yet loaded.
     */
    private volatile boolean overServletStreams;

    /** Instantiated by the servlet container. */
    public OnrampUpgradeHandler() {
    }

    /** The upgraded request, until {@link #init} (read there on Jetty only; see {@link #noContainerTimeout}). */
    private volatile HttpServletRequest request;

    void prepare(Pending pending, HttpServletRequest request) {
        this.pending = pending;
        this.request = request;
    }

    /**
     * Jetty (12, ee10/ee11) runs a connection upgraded through the servlet API inside an asynchronous cycle that it
     * starts itself, before {@link #init}, with the default asynchronous timeout (30 s): when it expires the connection
     * is dropped without a close frame, busy or not. Onramp's own timeouts (session idle, send, close) govern an
     * upgraded connection, so that cycle gets none. Only on Jetty: Tomcat has recycled the request by the time
     * {@code init} runs (its object may already serve another exchange), and starts no such cycle.
     */
    private void noContainerTimeout(WebConnection connection) {
        HttpServletRequest r = request;
        request = null;
        if (r == null || !connection.getClass().getName().startsWith("org.eclipse.jetty.")) {
            return;
        }
        try {
            if (r.isAsyncStarted()) {
                r.getAsyncContext().setTimeout(0);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "the container's asynchronous timeout could not be turned off", e);
        }
    }

    /**
     * Offers the container's own I/O for this connection, before {@link #init}. Called reflectively by a container
     * module (it cannot name this class); the channel keeps the contract described in {@link NativeTransport}.
     *
     * @return whether the channel is taken; if not, the connection runs over the servlet streams as usual
     */
    public boolean offerNativeChannel(Flow.Publisher<ByteBuffer> channel) {
        Pending p = pending;
        if (channel == null || p == null || !p.nativeAllowed() || transport != null) {
            return false;
        }
        synchronized (this) {
            if (nativeChannel != null) {
                return false;
            }
            nativeChannel = channel;
        }
        return true;
    }

    @Override
    public void init(WebConnection connection) {
        noContainerTimeout(connection);
        Pending p = pending;
        if (p == null) {
            // upgraded by someone else than the handshake: nothing to run
            closeQuietly(connection);
            return;
        }
        Flow.Publisher<ByteBuffer> channel = nativeChannel;
        try {
            if (channel != null) {
                if (NATIVE_PATH_LOGGED.compareAndSet(false, true)) {
                    LOG.log(System.Logger.Level.INFO, "Onramp runs WebSocket connections on the container's own I/O ("
                            + channel.getClass().getName() + ")");
                }
                transport = new NativeTransport(channel, p.secure(), p.local(), p.remote());
                if (connection != channel) {
                    // the servlet view of the connection is not used: closing it ends the container's servlet exchange,
                    // after which the container hands the socket to the native channel (Jetty)
                    connection.close();
                }
            } else {
                if (SERVLET_PATH_LOGGED.compareAndSet(false, true)) {
                    LOG.log(System.Logger.Level.INFO, "Onramp runs WebSocket connections over the servlet streams"
                            + (p.nativeAllowed() ? " (no container module offered the container's own I/O)"
                            : " (" + NativeIo.SETTING + " is false)"));
                }
                transport = ServletTransport.attach(connection, p.secure(), p.local(), p.remote(),
                        p.container().timers());
                overServletStreams = true;
            }
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

    /**
     * The container is done with the connection. On the servlet path that closes it; a native channel outlives the
     * servlet exchange (Jetty destroys the handler once the socket changed hands) and reports its own end.
     */
    @Override
    public void destroy() {
        Transport t = transport;
        if (overServletStreams && t != null) {
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
