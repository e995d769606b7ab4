package dev.onramp.websocket.session;

import dev.onramp.websocket.protocol.Opcode;
import jakarta.websocket.DecodeException;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;

import java.io.EOFException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Jakarta message dispatch: turns the parser's message pieces and pongs into calls of the session's message
 * handlers, in the form each handler takes (a whole message decoded to its type, partial pieces, or a
 * {@code Reader}/{@code InputStream} it reads while the message arrives). Every call runs in session order on a
 * callback thread; the parser pauses at a piece handed to the application and {@link ReadLoop#resume resumes} when
 * the handler is done with it, so one message at a time reaches the endpoint.
 *
 * <p>Called by the parsing thread only (see {@link ReadLoop}), except {@link #connectionClosed}.
 */
final class MessageDispatcher {

    private static final System.Logger LOG = System.getLogger(MessageDispatcher.class.getName());

    /**
     * Pongs that may wait for their handler behind a stream handler still reading its message (see {@link #onPong});
     * more are dropped.
     */
    static final int MAX_PONGS_BEHIND_A_STREAM = 16;

    private final MessageHandlers handlers;
    private final Decoders decoders;
    private final ApplicationCallbacks callbacks;
    private final ReadLoop reader;
    private final CloseLifecycle lifecycle;
    /** The session, named in warnings. */
    private final Object session;

    /** The handler of the message being received (null: nobody takes it, it is dropped piece by piece). */
    private MessageHandlers.Registration current;
    private final MessageBuffer assembled = new MessageBuffer();
    private final Utf8PieceDecoder partialText = new Utf8PieceDecoder();
    private volatile MessageInputStream stream;
    /** A stream handler has the message being received and its end has not been read yet. */
    private boolean streamOpen;
    /** Pongs queued behind an open stream, not yet handled (decremented on a callback thread). */
    private final AtomicInteger pongsBehindStream = new AtomicInteger();
    /** Each kind of loss is reported once per session (a peer could otherwise fill the log). */
    private final EnumSet<MessageKind> dropReported = EnumSet.noneOf(MessageKind.class);
    private final WholeDelivery whole = new WholeDelivery();

    /**
     * @param session the session, named in warnings
     */
    MessageDispatcher(MessageHandlers handlers, Decoders decoders, ApplicationCallbacks callbacks, ReadLoop reader,
            CloseLifecycle lifecycle, Object session) {
        this.handlers = handlers;
        this.decoders = decoders;
        this.callbacks = callbacks;
        this.reader = reader;
        this.lifecycle = lifecycle;
        this.session = session;
    }

    /**
     * A piece of a text or binary message (see {@code FrameListener.onMessageData}). Returns false when the piece
     * went to the application: the parser pauses until the reader is resumed.
     */
    boolean onMessageData(int opcode, ByteBuffer payload, boolean first, boolean last) {
        if (!lifecycle.deliversData()) {
            return true;
        }
        if (first) {
            MessageKind kind = opcode == Opcode.TEXT ? MessageKind.TEXT : MessageKind.BINARY;
            current = handlers.get(kind);
            if (current == null) {
                // no handler for this kind (yet): the message is dropped, the session stays open. The specification
                // says nothing of this case; closing (1003) would end sessions that only send (the TCK has such
                // endpoints) and those whose peer spoke before the handler was registered (a server greeting in
                // its onOpen). The loss is made visible instead, once per session and kind
                reportDrop(kind, "no " + kind.label() + " message handler is registered: a " + kind.label()
                        + " message was dropped (further ones on this session are dropped without a warning)");
            } else if (current.form() == MessageHandlers.Form.STREAM) {
                startStream(current);
            }
        }
        MessageHandlers.Registration r = current;
        if (r == null) {
            return true;
        }
        switch (r.form()) {
            case WHOLE:
                if (first && last) {
                    // text becomes a String; binary gets its own copy, since the application may hand it to an
                    // asynchronous send that outlives the read buffer
                    dispatchWhole(r, r.kind() == MessageKind.TEXT ? payload : copy(payload));
                    return false;
                }
                assembled.append(payload, reader.frameBytesRemaining());
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
                streamOpen = !last;
                if (!payload.hasRemaining() && !last) {
                    return true;
                }
                return !stream.offer(payload, last);
        }
    }

    /**
     * A pong: to the pong handler, if there is one, with its own copy of the payload. Returns false when the parser
     * must pause until the handler has had it: a pong counts against the same flow control as a message, so a
     * flood of pongs to a slow handler slows the peer instead of queueing a task per pong.
     *
     * <p>Except while a stream handler is reading a message whose end has not arrived: that handler keeps the
     * session's callbacks (one at a time) until it returns, and it returns only once reading went on, so pausing for
     * the pong would wait for ever. Then at most {@link #MAX_PONGS_BEHIND_A_STREAM} pongs wait behind it and the rest
     * are dropped (reported once): a pong is a heartbeat or a ping's answer, and the kept ones say what the
     * dropped ones would have.
     */
    @SuppressWarnings("unchecked")
    boolean onPong(ByteBuffer payload) {
        MessageHandlers.Registration r = handlers.get(MessageKind.PONG);
        if (r == null || !lifecycle.deliversData()) {
            return true;
        }
        boolean holdReading = !streamOpen;
        if (!holdReading) {
            if (pongsBehindStream.get() >= MAX_PONGS_BEHIND_A_STREAM) {
                reportDrop(MessageKind.PONG, MAX_PONGS_BEHIND_A_STREAM + " pongs are waiting behind a stream "
                        + "handler still reading its message: a pong was dropped (further ones on this session are "
                        + "dropped without a warning)");
                return true;
            }
            pongsBehindStream.incrementAndGet();
        }
        ByteBuffer copy = copy(payload);
        PongMessage pong = copy::asReadOnlyBuffer;
        callbacks.inOrder(() -> {
            try {
                callbacks.call(() -> ((MessageHandler.Whole<Object>) r.handler()).onMessage(pong));
            } finally {
                if (holdReading) {
                    reader.resume();
                } else {
                    pongsBehindStream.decrementAndGet();
                }
            }
        });
        return !holdReading;
    }

    /** A loss the application should know of: a WARNING the first time for each kind, DEBUG afterwards. */
    private void reportDrop(MessageKind kind, String what) {
        boolean first = dropReported.add(kind);
        LOG.log(first ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG, () -> session + ": " + what);
    }

    /** The connection closed: a stream handler still reading its message wakes with an end-of-file error. */
    void connectionClosed() {
        MessageInputStream in = stream;
        if (in != null) {
            in.fail(new EOFException("the connection closed before the message was complete"));
        }
    }

    private void dispatchWhole(MessageHandlers.Registration r, ByteBuffer message) {
        whole.registration = r;
        whole.message = message;
        callbacks.deliver(whole);
    }

    /**
     * The delivery of a whole message, one instance reused for every message (no allocation per message): one
     * message at a time is with the application, since the parser pauses at it until the delivery resumes reading,
     * and the delivery takes its fields before it does.
     */
    private final class WholeDelivery implements Runnable {
        MessageHandlers.Registration registration;
        ByteBuffer message;
        /** The handler and its decoded message while {@link #handlerCall} runs. */
        private MessageHandlers.Registration calling;
        private Object decoded;
        private final ApplicationCallbacks.Call handlerCall = this::callHandler;

        @Override
        public void run() {
            MessageHandlers.Registration r = registration;
            ByteBuffer m = message;
            registration = null;
            message = null;
            try {
                Object value;
                try {
                    if (r.kind() == MessageKind.TEXT) {
                        value = decoders.decodeText(r.type(), utf8(m));
                    } else {
                        value = decoders.decodeBinary(r.type(), m);
                    }
                } catch (DecodeException e) {
                    callbacks.onError(e);
                    return;
                }
                calling = r;
                decoded = value;
                callbacks.call(handlerCall);
            } finally {
                calling = null;
                decoded = null;
                assembled.reset();
                reader.resume();
            }
        }

        @SuppressWarnings("unchecked")
        private void callHandler() {
            ((MessageHandler.Whole<Object>) calling.handler()).onMessage(decoded);
        }
    }

    @SuppressWarnings("unchecked")
    private void dispatchPartial(MessageHandlers.Registration r, ByteBuffer piece, boolean last) {
        callbacks.deliver(() -> {
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
                callbacks.call(() -> ((MessageHandler.Partial<Object>) r.handler()).onMessage(part, last));
            } finally {
                if (last) {
                    partialText.reset();
                }
                reader.resume();
            }
        });
    }

    @SuppressWarnings("unchecked")
    private void startStream(MessageHandlers.Registration r) {
        MessageInputStream in = new MessageInputStream(reader::resume);
        stream = in;
        streamOpen = true;
        callbacks.inOrder(() -> {
            try {
                Object value = r.type() == Reader.class ? new InputStreamReader(in, StandardCharsets.UTF_8) : in;
                callbacks.call(() -> ((MessageHandler.Whole<Object>) r.handler()).onMessage(value));
            } finally {
                in.handlerReturned();
            }
        });
    }

    /** A heap buffer the application owns, holding exactly the piece's bytes. */
    private static ByteBuffer copy(ByteBuffer piece) {
        ByteBuffer own = ByteBuffer.allocate(piece.remaining());
        piece.get(piece.position(), own.array(), 0, own.capacity()); // absolute: no duplicate per message
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
}
