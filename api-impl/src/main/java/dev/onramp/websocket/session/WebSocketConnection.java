package dev.onramp.websocket.session;

import dev.onramp.websocket.protocol.CloseCodes;
import dev.onramp.websocket.protocol.CloseHandshake;
import dev.onramp.websocket.protocol.ExtensionCodec;
import dev.onramp.websocket.protocol.FrameListener;
import dev.onramp.websocket.protocol.FrameParser;
import dev.onramp.websocket.protocol.FrameWriter;
import dev.onramp.websocket.protocol.Opcode;
import dev.onramp.websocket.protocol.ProtocolException;
import dev.onramp.websocket.protocol.Role;
import dev.onramp.websocket.transport.Transport;
import dev.onramp.websocket.transport.TransportHandler;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DecodeException;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine of one WebSocket connection: it reads frames from the transport, hands messages to the session's
 * handlers one at a time on the container's callback threads (reading pauses meanwhile), answers pings, runs the
 * close handshake and its timeouts, and makes sure {@code onClose} runs exactly once on every path.
 *
 * <p>Threads: the transport calls {@link #onData} on its own threads; application code never runs there. Each
 * message is handed to the session's {@link SerialExecutor}; when the handler returns, the same callback thread
 * continues parsing the input it still holds and asks the transport for more only when that is used up.
 */
public final class WebSocketConnection implements TransportHandler, FrameListener {

    private static final System.Logger LOG = System.getLogger(WebSocketConnection.class.getName());

    private final Transport transport;
    private final SessionSetup setup;
    private final FrameParser parser;
    /** The negotiated extensions' codecs; released with the transport. */
    private final List<ExtensionCodec> codecs;
    private final OutboundQueue queue;
    private final MessageSender sender;
    private final SerialExecutor callbacks;
    private final OnrampSession session;

    /** The transport's buffer we are parsing; ours until we demand again. Touched only by the one parsing thread. */
    private ByteBuffer input;
    /** Who may run the parser: see {@link #processInput()}. */
    private final AtomicInteger readState = new AtomicInteger(IDLE);
    private static final int IDLE = 0;
    private static final int PARSING = 1;
    private static final int PAUSED = 2;
    private static final int RESUME_REQUESTED = 3;
    private MessageHandlers.Registration current;
    private final MessageBuffer assembled = new MessageBuffer();
    private final Utf8PieceDecoder partialText = new Utf8PieceDecoder();
    private MessageInputStream stream;
    private volatile boolean limitsChanged = true;

    // close state, guarded by "this"
    private final CloseHandshake handshake;
    private boolean closeFrameWritten;
    private boolean closeFired;
    /** What onClose reports when this side started the close (guarded by this): set with our close frame. */
    private CloseReason localCloseReason;
    private boolean transportClosed;
    private ScheduledFuture<?> closeTimer;
    private ScheduledFuture<?> idleTimer;
    private volatile boolean outputOpen = true;
    private volatile boolean discardInbound;
    private volatile long lastActivityNanos = System.nanoTime();

    private WebSocketConnection(Transport transport, SessionSetup setup) {
        this.transport = transport;
        this.setup = setup;
        this.parser = new FrameParser(setup.role(), this);
        this.codecs = ExtensionCodecs.forSession(setup.role(), setup.extensions());
        parser.setExtensions(codecs);
        this.handshake = new CloseHandshake(setup.role());
        this.queue = new OutboundQueue(transport, setup.container().timers(), ContainerDefaults.OUTBOUND_QUEUE_LIMIT_BYTES,
                this::onWriteFailure);
        FrameWriter writer = new FrameWriter(setup.role());
        this.sender = new MessageSender(this, writer, queue, OutboundCodec.of(codecs, writer, queue));
        this.callbacks = new SerialExecutor(setup.container().callbackExecutor());
        this.session = new OnrampSession(this, setup, sender, transport.isSecure());
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
        setup.endpointSessions().add(session);
        setup.container().allSessions().add(session);
        callbacks.execute(() -> {
            boolean opened = withLoader(() -> setup.endpoint().onOpen(session, setup.config()));
            scheduleIdleCheck();
            transport.start(this);
            if (!opened) {
                // onError has seen the exception; the session cannot be trusted to work
                failConnection(CloseCodes.INTERNAL_ERROR, "onOpen failed", null);
            }
        });
    }

    // ------------------------------------------------------------------ reading

    @Override
    public void onData(ByteBuffer data) {
        lastActivityNanos = System.nanoTime();
        input = data;
        readState.set(PARSING);
        processInput();
    }

    /**
     * Parses what is left of the input; asks for more when it is used up. Only the thread that moved the read
     * state to PARSING runs it: a handler that finishes (and resumes) while that thread is still inside the
     * parser only leaves a note, and the parsing thread carries on.
     */
    private void processInput() {
        while (true) {
            if (limitsChanged) {
                limitsChanged = false;
                parser.setMaxMessageSize(limitFor(MessageKind.TEXT, session.getMaxTextMessageBufferSize()),
                        limitFor(MessageKind.BINARY, session.getMaxBinaryMessageBufferSize()));
            }
            boolean paused;
            try {
                paused = parser.parse(input);
            } catch (ProtocolException e) {
                readState.set(IDLE);
                synchronized (this) {
                    if (handshake.state() != CloseHandshake.State.OPEN
                            && handshake.state() != CloseHandshake.State.CLOSE_SENT) {
                        return; // garbage after the peer's close frame: the connection is ending anyway
                    }
                }
                failConnection(e.closeCode(), e.getMessage(), new IOException(e.getMessage(), e));
                return;
            }
            if (paused) {
                if (readState.compareAndSet(PARSING, PAUSED)) {
                    return; // the application has the piece; resumeInput() continues
                }
                // the application finished with the piece before the parser even returned: go on here
                readState.set(PARSING);
                continue;
            }
            readState.set(IDLE);
            synchronized (this) {
                if (transportClosed || handshake.isComplete() && setup.role() == Role.SERVER) {
                    return;
                }
            }
            transport.demand();
            return;
        }
    }

    private long limitFor(MessageKind kind, int max) {
        MessageHandlers.Registration r = session.handlers().get(kind);
        // only whole messages are buffered; a partial or streaming handler takes any size piece by piece, and a
        // message nobody handles is dropped piece by piece
        return r != null && r.form() == MessageHandlers.Form.WHOLE ? max : Long.MAX_VALUE;
    }

    /** The buffer size limits or the handlers changed; the parser picks the new limits up before its next run. */
    void limitsChanged() {
        limitsChanged = true;
    }

    /** Continues reading after the application finished with what the parser handed it. */
    private void resumeInput() {
        if (readState.compareAndSet(PARSING, RESUME_REQUESTED)) {
            return; // the parsing thread has not left the parser yet; it continues when it does
        }
        if (readState.compareAndSet(PAUSED, PARSING)) {
            processInput();
        }
    }

    @Override
    public boolean onMessageData(int opcode, ByteBuffer payload, boolean first, boolean last) {
        if (discardInbound) {
            return true;
        }
        if (first) {
            MessageKind kind = opcode == Opcode.TEXT ? MessageKind.TEXT : MessageKind.BINARY;
            current = session.handlers().get(kind);
            if (current == null) {
                // no handler for this kind (yet): the message is dropped, the session stays open. A peer may send
                // before the application registered its handler (a server greeting in its onOpen), and the
                // application may still send on the session (the TCK does exactly this)
                LOG.log(System.Logger.Level.DEBUG, "no " + kind.name().toLowerCase() + " message handler: a "
                        + kind.name().toLowerCase() + " message was dropped");
            }
        }
        if (current == null) {
            return true;
        }
        if (first) {
            if (current.form() == MessageHandlers.Form.STREAM) {
                startStream(current);
            }
        }
        MessageHandlers.Registration r = current;
        switch (r.form()) {
            case WHOLE:
                if (first && last) {
                    // text becomes a String; binary gets its own copy, since the application may hand it to an
                    // asynchronous send that outlives the read buffer
                    dispatchWhole(r, r.kind() == MessageKind.TEXT ? payload : copy(payload));
                    return false;
                }
                if (first) {
                    assembled.reserve(payload.remaining() + parser.frameBytesRemaining());
                }
                assembled.append(payload);
                if (!last) {
                    return true;
                }
                dispatchWhole(r, r.kind() == MessageKind.TEXT ? assembled.buffer() : assembled.detach());
                return false;
            case PARTIAL:
                if (!payload.hasRemaining() && !last) {
                    return true;
                }
                dispatchPartial(r, payload, last);
                return false;
            default:
                if (!payload.hasRemaining() && !last) {
                    return true;
                }
                return stream.offer(payload, last) ? false : true;
        }
    }

    @SuppressWarnings("unchecked")
    private void dispatchWhole(MessageHandlers.Registration r, ByteBuffer message) {
        callbacks.execute(() -> {
            try {
                Object value;
                try {
                    if (r.kind() == MessageKind.TEXT) {
                        value = session.decoders().decodeText(r.type(), utf8(message));
                    } else {
                        value = session.decoders().decodeBinary(r.type(), message);
                    }
                } catch (DecodeException e) {
                    withLoader(() -> setup.endpoint().onError(session, e));
                    return;
                }
                Object decoded = value;
                withLoader(() -> ((MessageHandler.Whole<Object>) r.handler()).onMessage(decoded));
            } finally {
                assembled.reset();
                resumeInput();
            }
        });
    }

    /** A heap buffer the application owns, holding exactly the piece's bytes. */
    private static ByteBuffer copy(ByteBuffer piece) {
        ByteBuffer own = ByteBuffer.allocate(piece.remaining());
        own.put(piece.duplicate()).flip();
        return own;
    }

    private static String utf8(ByteBuffer message) {
        if (message.hasArray()) {
            return new String(message.array(), message.arrayOffset() + message.position(), message.remaining(),
                    StandardCharsets.UTF_8);
        }
        byte[] bytes = new byte[message.remaining()];
        message.duplicate().get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private void dispatchPartial(MessageHandlers.Registration r, ByteBuffer piece, boolean last) {
        callbacks.execute(() -> {
            try {
                Object part;
                if (r.kind() == MessageKind.TEXT) {
                    part = partialText.decode(piece, last);
                } else if (r.type() == byte[].class) {
                    byte[] bytes = new byte[piece.remaining()];
                    piece.get(bytes);
                    part = bytes;
                } else {
                    part = copy(piece);
                }
                withLoader(() -> ((MessageHandler.Partial<Object>) r.handler()).onMessage(part, last));
            } finally {
                if (last) {
                    partialText.reset();
                }
                resumeInput();
            }
        });
    }

    @SuppressWarnings("unchecked")
    private void startStream(MessageHandlers.Registration r) {
        MessageInputStream in = new MessageInputStream(this::resumeInput);
        stream = in;
        callbacks.execute(() -> {
            try {
                Object value = r.type() == java.io.Reader.class ? new InputStreamReader(in, StandardCharsets.UTF_8) : in;
                withLoader(() -> ((MessageHandler.Whole<Object>) r.handler()).onMessage(value));
            } finally {
                in.handlerReturned();
            }
        });
    }

    @Override
    public void onPing(ByteBuffer payload) {
        if (!outputOpen) {
            return;
        }
        ByteBuffer copy = ByteBuffer.allocate(payload.remaining());
        copy.put(payload).flip();
        sender.enqueueAutomaticPong(copy);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void onPong(ByteBuffer payload) {
        MessageHandlers.Registration r = session.handlers().get(MessageKind.PONG);
        if (r == null || discardInbound) {
            return;
        }
        ByteBuffer copy = ByteBuffer.allocate(payload.remaining());
        copy.put(payload).flip();
        callbacks.execute(() -> withLoader(() -> ((MessageHandler.Whole<Object>) r.handler())
                .onMessage((jakarta.websocket.PongMessage) () -> copy.asReadOnlyBuffer())));
    }

    @Override
    public void onClose(int code, String reason) {
        ByteBuffer reply = null;
        boolean drop;
        CloseReason reported;
        synchronized (this) {
            if (!handshake.onCloseReceived(code, reason)) {
                if (!handshake.isClean()) {
                    return; // a duplicate, or a close after we failed the connection
                }
            } else {
                // we owe the peer a reply: it echoes the peer's code (none when the peer sent none)
                reply = handshake.sendClose(code, reason);
            }
            closeStateChanged();
            if (closeTimer != null) {
                closeTimer.cancel(false);
            }
            drop = reply == null && closeFrameWritten && handshake.shouldDropConnection();
            reported = localCloseReason; // we started the close: the peer's answer may beat our own report
        }
        if (reply != null) {
            sendCloseFrame(reply);
        } else if (drop) {
            closeTransport();
        } else if (setup.role() == Role.CLIENT) {
            scheduleCloseTimeout();
        }
        fireClose(null, reported != null ? reported : closeReason(code, reason));
    }

    // ------------------------------------------------------------------ closing

    /** The application (or the container) closes the session. */
    void close(CloseReason reason) {
        int code = reason.getCloseCode().getCode();
        if (!CloseCodes.isValidOnWire(code)) {
            code = CloseCodes.NO_STATUS_CODE; // 1005/1006/1015 are never put on the wire: close without a code
        }
        if (startClose(code, truncate(reason.getReasonPhrase()), reason)) {
            fireClose(null, reason);
        }
    }

    /** Idle timeout: the peer is told 1001, the application sees 1006 as the specification requires. */
    private void closeIdle(long idleMs) {
        String why = "idle for more than " + idleMs + " ms";
        CloseReason reported = closeReason(CloseCodes.CLOSED_ABNORMALLY, why);
        if (startClose(CloseCodes.GOING_AWAY, why, reported)) {
            fireClose(null, reported);
        }
    }

    /** A rule of the protocol or of the endpoint was broken: close with the code, then drop the connection. */
    private void failConnection(int code, String why, Throwable error) {
        ByteBuffer payload;
        synchronized (this) {
            payload = handshake.fail(code);
            closeStateChanged();
        }
        if (payload != null) {
            sendCloseFrame(payload);
        } else {
            closeTransport();
        }
        fireClose(error, closeReason(code, truncate(why)));
    }

    /**
     * Sends our close frame unless one was sent; returns whether this call sent it.
     *
     * @param reported what onClose reports, whichever thread gets there first (this one, or the peer's answer)
     */
    private boolean startClose(int code, String reason, CloseReason reported) {
        ByteBuffer payload;
        synchronized (this) {
            payload = handshake.sendClose(code, reason);
            if (payload != null) {
                localCloseReason = reported;
            }
            closeStateChanged();
        }
        if (payload == null) {
            return false;
        }
        sendCloseFrame(payload);
        return true;
    }

    /** Mirrors the handshake's answers into the flags the send and receive paths read without locking. */
    private void closeStateChanged() {
        outputOpen = handshake.canSendData();
        discardInbound = !handshake.shouldDeliverData();
    }

    private void sendCloseFrame(ByteBuffer payload) {
        sender.enqueueClose(payload, new OutboundQueue.Completion() {
            @Override
            public void succeeded() {
                closeFrameWritten();
            }

            @Override
            public void failed(Throwable cause) {
                closeTransport();
            }
        });
    }

    private void closeFrameWritten() {
        boolean drop;
        synchronized (this) {
            closeFrameWritten = true;
            // the server drops TCP once both close frames crossed (RFC 6455 §7.1.1), anyone after a failure
            drop = handshake.shouldDropConnection();
        }
        if (drop) {
            closeTransport();
        } else {
            scheduleCloseTimeout();
        }
    }

    private void scheduleCloseTimeout() {
        synchronized (this) {
            if (transportClosed || closeTimer != null && !closeTimer.isDone()) {
                return;
            }
            closeTimer = setup.container().timers().schedule(this::closeTimedOut, ContainerDefaults.CLOSE_TIMEOUT_MS,
                    TimeUnit.MILLISECONDS);
        }
    }

    private void closeTimedOut() {
        boolean abnormal;
        synchronized (this) {
            abnormal = handshake.onCloseTimeout();
            closeStateChanged();
        }
        closeTransport();
        if (abnormal) {
            fireClose(null, closeReason(CloseCodes.CLOSED_ABNORMALLY, "the peer did not complete the close handshake"));
        }
    }

    private void closeTransport() {
        synchronized (this) {
            if (transportClosed) {
                return;
            }
            transportClosed = true;
            if (closeTimer != null) {
                closeTimer.cancel(false);
            }
        }
        transport.close();
        queue.fail(new IOException("the connection is closed"));
        codecs.forEach(ExtensionCodec::release); // native zlib memory must not wait for the garbage collector
        MessageInputStream in = stream;
        if (in != null) {
            in.fail(new EOFException("the connection closed before the message was complete"));
        }
    }

    @Override
    public void onEndOfInput() {
        boolean abnormal;
        synchronized (this) {
            abnormal = handshake.onConnectionLost();
            closeStateChanged();
        }
        closeTransport();
        if (abnormal) {
            fireClose(null, closeReason(CloseCodes.CLOSED_ABNORMALLY, "the connection was closed without a close frame"));
        }
    }

    @Override
    public void onFailure(Throwable cause) {
        synchronized (this) {
            handshake.onConnectionLost();
            closeStateChanged();
        }
        closeTransport();
        fireClose(cause, closeReason(CloseCodes.CLOSED_ABNORMALLY, "connection failed: " + cause));
    }

    private void onWriteFailure(Throwable cause) {
        onFailure(cause);
    }

    /** Gives up on the connection (e.g. a blocking send that timed out): the application sees the error and 1006. */
    void abort(Throwable cause) {
        onFailure(cause);
    }

    /** Runs onError (if there was an error) and onClose once, on the callback thread, then marks the session closed. */
    private void fireClose(Throwable error, CloseReason reason) {
        synchronized (this) {
            if (closeFired) {
                return;
            }
            closeFired = true;
            outputOpen = false;
            if (idleTimer != null) {
                idleTimer.cancel(false);
            }
        }
        callbacks.execute(() -> {
            try {
                if (error != null) {
                    withLoader(() -> setup.endpoint().onError(session, error));
                }
                withLoader(() -> setup.endpoint().onClose(session, reason));
            } finally {
                session.markClosed();
                setup.endpointSessions().remove(session);
                setup.container().allSessions().remove(session);
            }
        });
    }

    // ------------------------------------------------------------------ timers

    /** (Re)starts the idle check after the session's idle timeout changed. */
    void scheduleIdleCheck() {
        long timeout = session.getMaxIdleTimeout();
        synchronized (this) {
            if (idleTimer != null) {
                idleTimer.cancel(false);
                idleTimer = null;
            }
            if (timeout <= 0 || closeFired) {
                return;
            }
            long idleNanos = System.nanoTime() - lastActivityNanos;
            long delay = Math.max(0, TimeUnit.MILLISECONDS.toNanos(timeout) - idleNanos);
            idleTimer = setup.container().timers().schedule(this::checkIdle, delay, TimeUnit.NANOSECONDS);
        }
    }

    private void checkIdle() {
        long timeout = session.getMaxIdleTimeout();
        if (timeout <= 0) {
            return;
        }
        long idleMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastActivityNanos);
        if (idleMs >= timeout) {
            closeIdle(timeout);
        } else {
            scheduleIdleCheck();
        }
    }

    /** Something was sent or received: the idle clock starts again. */
    void touch() {
        lastActivityNanos = System.nanoTime();
    }

    // ------------------------------------------------------------------ helpers for the session

    boolean outputOpen() {
        return outputOpen;
    }

    long blockingSendTimeoutMs() {
        Object configured = session.getUserProperties().get(ContainerDefaults.BLOCKING_SEND_TIMEOUT_PROPERTY);
        if (configured instanceof Number n && n.longValue() > 0) {
            return n.longValue();
        }
        if (configured instanceof String text) {
            try {
                long ms = Long.parseLong(text.trim());
                if (ms > 0) {
                    return ms;
                }
            } catch (NumberFormatException ignored) {
                // not a number: the default applies
            }
        }
        return ContainerDefaults.BLOCKING_SEND_TIMEOUT_MS;
    }

    void setBatching(boolean batching) {
        queue.setBatching(batching);
    }

    boolean batching() {
        return queue.isBatching();
    }

    /** Runs application code (a SendHandler) on a callback thread with the webapp's class loader. */
    void runCallback(Runnable callback) {
        setup.container().callbackExecutor().execute(() -> withLoader(callback::run));
    }

    /**
     * Runs an application callback with the webapp's class loader as context loader; an exception it throws goes
     * to the endpoint's onError (and one thrown by onError is logged). Returns whether the callback completed.
     */
    private boolean withLoader(ThrowingRunnable callback) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(setup.classLoader());
        try {
            callback.run();
            return true;
        } catch (Throwable t) {
            try {
                setup.endpoint().onError(session, t);
            } catch (Throwable again) {
                LOG.log(System.Logger.Level.WARNING, "onError of " + setup.endpoint().getClass().getName() + " threw", again);
            }
            return false;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Throwable;
    }

    private static CloseReason closeReason(int code, String reason) {
        return new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason == null ? "" : reason);
    }

    private static String truncate(String reason) {
        if (reason == null) {
            return "";
        }
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= 123) {
            return reason;
        }
        // cut on a character boundary so the reason stays valid UTF-8
        int end = 123;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
