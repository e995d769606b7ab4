package dev.onramp.websocket.session;

import jakarta.websocket.Decoder;
import jakarta.websocket.PongMessage;

import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;

/**
 * The three kinds of incoming message: a session holds at most one handler, and an annotated endpoint at most one
 * {@code @OnMessage} method, for each.
 */
public enum MessageKind {
    TEXT, BINARY, PONG;

    /** The kind's name as prose says it: "text", "binary", "pong". */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Which kind of message a handler (or an {@code @OnMessage} parameter) of {@code type} takes: that of the first
     * of the endpoint's decoders whose result the type accepts, else the built-in one (String, Reader, primitives
     * and their boxes: text; ByteBuffer, byte[], InputStream: binary; PongMessage: pong); null when nothing can
     * produce the type. The one rule for the deployment check and for the session.
     */
    public static MessageKind of(Class<?> type, List<Class<? extends Decoder>> decoders) {
        for (Class<? extends Decoder> decoder : decoders) {
            if (type.isAssignableFrom(CoderTypes.decodedType(decoder))) {
                return CoderTypes.decodesText(decoder) ? TEXT : BINARY;
            }
        }
        if (type == String.class || type == Reader.class || BuiltInText.isPrimitiveLike(type)) {
            return TEXT;
        }
        if (type == ByteBuffer.class || type == byte[].class || type == InputStream.class) {
            return BINARY;
        }
        if (type == PongMessage.class) {
            return PONG;
        }
        return null;
    }
}
