package dev.onramp.websocket.session;

import dev.onramp.websocket.protocol.CloseCodes;
import dev.onramp.websocket.protocol.ExtensionCodec;
import dev.onramp.websocket.protocol.FrameListener;
import dev.onramp.websocket.protocol.FrameParser;
import dev.onramp.websocket.protocol.FrameWriter;
import dev.onramp.websocket.protocol.Role;
import dev.onramp.websocket.transport.Transport;
import dev.onramp.websocket.transport.TransportHandler;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One WebSocket connection under a {@link Session}: builds the parts that do the work and routes the transport's
 * events and the parser's frames to them.
 * <ul>
 *   <li>{@link ReadLoop}: reading, parsing, pausing while the application holds a message;</li>
 *   <li>{@link MessageDispatcher}: Jakarta message dispatch to the session's handlers;</li>
 *   <li>{@link MessageSender} and {@link OutboundQueue}: sending, bounded, with completion callbacks;</li>
 *   <li>{@link CloseLifecycle}: the close handshake, its timeouts, and {@code onClose} exactly once on every path;</li>
 *   <li>{@link IdleTimer}: the idle timeout;</li>
 *   <li>{@link ApplicationCallbacks}: every call of application code, in session order, on callback threads;</li>
 *   <li>{@link SessionSettings}: the session's settings, resolved once.</li>
 * </ul>
 *
 * <p>Threads: the transport calls {@link #onData} on its own threads. On the portable transports application code
 * never runs there: each message is handed to the session's callbacks; when the handler returns, the same callback
 * thread continues parsing the input it still holds and asks the transport for more only when that is used up. A
 * native transport that offers its read threads ({@link Transport#readThreadsForApplicationCode}) may have message
 * handlers run inline on them ({@link InlineCallbacks}); the replies to the messages of one read are then held and
 * written together ({@link OutboundQueue#hold}).
 */
public final class WebSocketConnection implements TransportHandler, FrameListener {

    private final SessionSetup setup;
    private final Transport transport;
    private final OnrampSession session;
    private final ApplicationCallbacks callbacks;
    private final MessageSender sender;
    private final CloseLifecycle lifecycle;
    private final IdleTimer idle;
    private final ReadLoop reader;
    private final MessageDispatcher dispatcher;
    private final OutboundQueue queue;
    /** Handlers may run on the transport's read thread: the replies to one read are held and written together. */
    private final boolean holdsReplies;
    /** The transport's close and the session's close report: when both happened the connection has ended. */
    private final AtomicInteger endsToCome = new AtomicInteger(2);

    private WebSocketConnection(Transport transport, SessionSetup setup) {
        this.setup = setup;
        this.transport = transport;
        Role role = setup.role();
        ScheduledExecutorService timers = setup.container().timers();
        SessionSettings settings = new SessionSettings(setup);
        List<ExtensionCodec> codecs = ExtensionCodecs.forSession(role, setup.extensions());
        FrameWriter writer = new FrameWriter(role);
        this.idle = new IdleTimer(timers, settings, this::idleTimedOut);
        this.queue = new OutboundQueue(transport, timers, settings.outboundQueueLimitBytes(), idle::touch,
                this::writeFailed);
        this.lifecycle = new CloseLifecycle(role, transport, queue, writer, codecs, timers, settings.closeTimeoutMs(), idle,
                new Ending());
        this.sender = new MessageSender(writer, queue, OutboundCodec.of(codecs, writer, queue), settings, lifecycle, idle);
        int readThreads = transport.readThreadsForApplicationCode();
        this.holdsReplies = readThreads > 0;
        this.session = new OnrampSession(this, setup, settings, sender, transport.isSecure(), readThreads);
        this.callbacks = session.callbacks();
        FrameParser parser = new FrameParser(role, this);
        parser.setExtensions(codecs);
        this.reader = new ReadLoop(parser, transport, lifecycle, session.handlers(), settings);
        this.dispatcher = new MessageDispatcher(session.handlers(), session.decoders(), callbacks, reader, lifecycle,
                session);
    }

    /**
     * Opens a session: registers it, runs the endpoint's {@code onOpen} on the container's callback threads, then
     * starts reading from the transport. Returns at once; never blocks the calling (container) thread.
     */
    public static Session open(Transport transport, SessionSetup setup) {
        WebSocketConnection connection = new WebSocketConnection(transport, setup);
        connection.start();
        return connection.session;
    }

    private void start() {
        setup.container().liveConnections().add(this);
        setup.endpointSessions().add(session);
        setup.container().allSessions().add(session);
        callbacks.inOrder(() -> {
            boolean opened = callbacks.onOpen(setup.config());
            idle.schedule();
            transport.start(this);
            if (!opened) {
                // onError has seen the exception; the session cannot be trusted to work
                lifecycle.fail(CloseCodes.INTERNAL_ERROR, "onOpen failed", null);
            }
        });
    }

    // ------------------------------------------------------------------ what the session tells the engine

    /** The application (or the container) closes the session. */
    void close(CloseReason reason) {
        lifecycle.close(reason);
    }

    /** Drops TCP now, whatever the close handshake's state; a session still open sees 1006 with {@code why}. */
    void drop(String why) {
        lifecycle.dropNow(why);
    }

    /** One of the two ends (transport closed, {@code onClose} run) happened; after both the container forgets us. */
    private void ended() {
        if (endsToCome.decrementAndGet() == 0) {
            setup.container().liveConnections().remove(this);
        }
    }

    /** The buffer size limits or the handlers changed. */
    void limitsChanged() {
        reader.limitsChanged();
    }

    /** The idle timeout changed. */
    void idleTimeoutChanged() {
        idle.schedule();
    }

    // ------------------------------------------------------------------ the transport's events

    @Override
    public void onData(ByteBuffer data) {
        idle.touch();
        if (!holdsReplies) {
            reader.onData(data);
            return;
        }
        queue.hold();
        try {
            reader.onData(data);
        } finally {
            queue.release();
        }
    }

    @Override
    public void onEndOfInput() {
        lifecycle.endOfInput();
    }

    @Override
    public void onFailure(Throwable cause) {
        lifecycle.abort(cause);
    }

    private void writeFailed(Throwable cause) {
        lifecycle.abort(cause);
    }

    private void idleTimedOut(long idleMs) {
        lifecycle.closeIdle(idleMs);
    }

    // ------------------------------------------------------------------ the parser's frames

    @Override
    public boolean onMessageData(int opcode, ByteBuffer payload, boolean first, boolean last) {
        return dispatcher.onMessageData(opcode, payload, first, last);
    }

    @Override
    public void onPing(ByteBuffer payload) {
        if (!lifecycle.outputOpen()) {
            return;
        }
        ByteBuffer copy = ByteBuffer.allocate(payload.remaining());
        copy.put(payload).flip();
        sender.enqueueAutomaticPong(copy);
    }

    @Override
    public boolean onPong(ByteBuffer payload) {
        return dispatcher.onPong(payload);
    }

    @Override
    public void onClose(int code, String reason) {
        lifecycle.closeReceived(code, reason);
    }

    /** How the end of the connection reaches the application and the registries. */
    private final class Ending implements CloseLifecycle.Listener {
        @Override
        public void transportClosed() {
            try {
                dispatcher.connectionClosed();
            } finally {
                ended();
            }
        }

        @Override
        public void afterDelivered(Runnable task) {
            callbacks.inOrder(task);
        }

        @Override
        public void closed(Throwable error, CloseReason reason) {
            callbacks.inOrder(() -> {
                try {
                    if (error != null) {
                        callbacks.onError(error);
                    }
                    callbacks.onClose(reason);
                } finally {
                    session.markClosed();
                    setup.endpointSessions().remove(session);
                    setup.container().allSessions().remove(session);
                    ended();
                }
            });
        }
    }
}
