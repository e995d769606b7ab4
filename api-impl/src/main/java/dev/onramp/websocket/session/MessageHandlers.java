package dev.onramp.websocket.session;

import jakarta.websocket.MessageHandler;

import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;

/**
 * A session's message handlers: at most one per {@link MessageKind}, each with the type it takes and whether it
 * takes whole or partial messages.
 */
final class MessageHandlers {

    /** How the session hands a message to a handler. */
    enum Form {
        /** Collected into one buffer, then decoded to the handler's type. */
        WHOLE,
        /** Each piece as it arrives (String, ByteBuffer or byte[], with a {@code last} flag). */
        PARTIAL,
        /** A blocking stream (Reader or InputStream) the handler reads while the message arrives. */
        STREAM
    }

    /** One registered handler. */
    record Registration(MessageKind kind, Class<?> type, Form form, MessageHandler handler) {
    }

    private final Decoders decoders;
    private volatile Registration text;
    private volatile Registration binary;
    private volatile Registration pong;

    MessageHandlers(Decoders decoders) {
        this.decoders = decoders;
    }

    synchronized void add(Class<?> type, MessageHandler handler, boolean partial) {
        if (type == null) {
            throw new IllegalStateException("cannot tell the message type of " + handler.getClass().getName()
                    + " (a lambda or a raw type?): use addMessageHandler(Class, handler)");
        }
        // partial messages are never decoded: their kind is that of the raw type
        MessageKind kind = partial ? (type == String.class ? MessageKind.TEXT : MessageKind.BINARY)
                : decoders.kindOf(type);
        if (kind == null) {
            throw new IllegalStateException("no decoder for message type " + type.getName()
                    + " (handler " + handler.getClass().getName() + "): add one to the endpoint's decoders");
        }
        Form form;
        if (partial) {
            if (type != String.class && type != ByteBuffer.class && type != byte[].class) {
                throw new IllegalStateException("a partial message handler takes String, ByteBuffer or byte[], not "
                        + type.getName());
            }
            form = Form.PARTIAL;
        } else if ((type == Reader.class || type == InputStream.class) && !decoders.declaresDecoderFor(type)) {
            form = Form.STREAM;
        } else {
            form = Form.WHOLE;
        }
        if (get(kind) != null) {
            throw new IllegalStateException("this session already has a " + kind.label()
                    + " message handler: " + get(kind).handler().getClass().getName());
        }
        Registration r = new Registration(kind, type, form, handler);
        switch (kind) {
            case TEXT -> text = r;
            case BINARY -> binary = r;
            default -> pong = r;
        }
    }

    synchronized void remove(MessageHandler handler) {
        if (text != null && text.handler() == handler) {
            text = null;
        }
        if (binary != null && binary.handler() == handler) {
            binary = null;
        }
        if (pong != null && pong.handler() == handler) {
            pong = null;
        }
    }

    /**
     * The parser's size limit for messages of a kind: {@code max} when its handler takes whole messages (only those
     * are buffered); none otherwise, since a partial or streaming handler takes any size piece by piece, and a
     * message nobody handles is dropped piece by piece.
     */
    long bufferLimit(MessageKind kind, int max) {
        Registration r = get(kind);
        return r != null && r.form() == Form.WHOLE ? max : Long.MAX_VALUE;
    }

    Registration get(MessageKind kind) {
        return switch (kind) {
            case TEXT -> text;
            case BINARY -> binary;
            case PONG -> pong;
        };
    }

    synchronized Set<MessageHandler> all() {
        Set<MessageHandler> all = new HashSet<>();
        for (Registration r : new Registration[] {text, binary, pong}) {
            if (r != null) {
                all.add(r.handler());
            }
        }
        return Set.copyOf(all);
    }
}
