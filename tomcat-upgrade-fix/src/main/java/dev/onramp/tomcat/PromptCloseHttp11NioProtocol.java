package dev.onramp.tomcat;

import jakarta.servlet.http.HttpUpgradeHandler;
import org.apache.coyote.AbstractProtocol;
import org.apache.coyote.Processor;
import org.apache.coyote.UpgradeToken;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.coyote.http11.upgrade.InternalHttpUpgradeHandler;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * Tomcat's HTTP/1.1 NIO protocol, made to close upgraded connections promptly.
 *
 * <p>Tomcat 11 (checked: 11.0.15) closes the socket of a connection upgraded through
 * {@code HttpServletRequest.upgrade} only when one of its own dispatches for that connection returns and finds both
 * upgraded streams closed. An application that closes the {@code WebConnection} from its own thread (a WebSocket
 * engine completing a close handshake after a handler returned, say) leaves the socket open until the peer sends
 * something or gives up, and no Servlet API call makes Tomcat dispatch on an idle connection. Under this protocol
 * such a close also asks Tomcat's poller for a write event; the socket is writable, so the dispatch comes at once,
 * finds both streams closed and closes the socket. Closes made inside Tomcat's callbacks are left as they are.
 *
 * <p>It also stops a busy loop: after every read dispatch Tomcat asks the poller for the next read event, so when a
 * read listener returns with data left unread (an application still busy with the previous message, whose
 * read-ahead is full) Tomcat dispatches {@code onDataAvailable} again at once, and again, for as long as the
 * application does not read. Under this protocol such a connection gets no read event until the application, having
 * read on, finds {@code isReady()} false.
 *
 * <p>It also carries Onramp's native I/O path: when the upgrade handler is Onramp's and its application allows it,
 * the connection runs on Tomcat's own socket I/O ({@link NativeUpgradeProcessor}) instead of the servlet streams, as
 * Tomcat's own WebSocket does; otherwise, and for any other application's upgrade, everything above applies.
 *
 * <p>Use it as the connector's protocol: {@code new Connector(PromptCloseHttp11NioProtocol.class.getName())} in
 * embedded Tomcat, or {@code protocol="dev.onramp.tomcat.PromptCloseHttp11NioProtocol"} on a server.xml
 * {@code <Connector>} with this jar in Tomcat's {@code lib/}.
 */
public class PromptCloseHttp11NioProtocol extends Http11NioProtocol {

    /** The protocol, with a connection handler that leaves held connections out of the poller's read events. */
    public PromptCloseHttp11NioProtocol() {
        HeldReadsConnectionHandler handler = new HeldReadsConnectionHandler(this);
        getEndpoint().setHandler(handler);
        setHandler(handler);
    }

    @Override
    protected Processor createUpgradeProcessor(SocketWrapperBase<?> socket, UpgradeToken upgradeToken) {
        HttpUpgradeHandler handler = upgradeToken.httpUpgradeHandler();
        if (handler instanceof InternalHttpUpgradeHandler) {
            return super.createUpgradeProcessor(socket, upgradeToken); // Tomcat's own (HTTP/2, its WebSocket)
        }
        if (NativeUpgradeProcessor.supports(socket)) {
            NativeUpgradeProcessor processor = new NativeUpgradeProcessor(socket, upgradeToken, workerThreads());
            if (NativeChannelOffer.offer(handler, processor)) {
                processor.countIn(getUpgradeGroupInfo(upgradeToken.protocol()));
                return processor; // Onramp runs this connection on Tomcat's own I/O
            }
        }
        return new PromptCloseUpgradeProcessor(socket, upgradeToken, getUpgradeGroupInfo(upgradeToken.protocol()));
    }

    /**
     * The most threads of the executor that runs this connector's dispatches (its own, or a shared {@code <Executor>}),
     * or -1 when it is unknown or unbounded (virtual threads).
     */
    int workerThreads() {
        if (getEndpoint().getUseVirtualThreads()) {
            return -1;
        }
        java.util.concurrent.Executor executor = getExecutor();
        if (executor instanceof org.apache.tomcat.util.threads.ResizableExecutor resizable) {
            return resizable.getMaxThreads();
        }
        if (executor instanceof org.apache.tomcat.util.threads.ThreadPoolExecutor pool) {
            return pool.getMaximumPoolSize();
        }
        if (executor instanceof java.util.concurrent.ThreadPoolExecutor pool) {
            return pool.getMaximumPoolSize();
        }
        return getMaxThreads(); // the connector's own setting, or -1 for an executor of another kind
    }

    /**
     * Tomcat's connection handler, but no read interest for a connection whose application holds its reads, and a
     * natively served connection leaves the upgrade statistics when its socket is released.
     */
    private static final class HeldReadsConnectionHandler extends AbstractProtocol.ConnectionHandler<NioChannel> {
        HeldReadsConnectionHandler(AbstractProtocol<NioChannel> protocol) {
            super(protocol);
        }

        @Override
        protected void longPoll(SocketWrapperBase<?> socket, Processor processor) {
            if (processor instanceof PromptCloseUpgradeProcessor upgraded && upgraded.readsHeld()) {
                return; // the application reads on from its own thread and asks for the next event then
            }
            super.longPoll(socket, processor);
        }

        @Override
        public void release(SocketWrapperBase<NioChannel> socket) {
            if (socket.getCurrentProcessor() instanceof NativeUpgradeProcessor processor) {
                processor.leaveStatistics();
            }
            super.release(socket);
        }
    }
}
