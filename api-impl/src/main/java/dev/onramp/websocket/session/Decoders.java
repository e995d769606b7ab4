package dev.onramp.websocket.session;

import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.PongMessage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One session's decoders: the built-in ones for primitives, boxes and the raw message types, then the
 * endpoint configuration's, created and {@code init}ed when the session opens and {@code destroy}ed when it closes.
 */
final class Decoders {

    private record Entry(Decoder decoder, Class<?> type) {
    }

    private final List<Entry> entries = new ArrayList<>();

    Decoders(EndpointConfig config) {
        for (Class<? extends Decoder> cls : config.getDecoders()) {
            Decoder decoder;
            try {
                decoder = cls.getConstructor().newInstance();
            } catch (ReflectiveOperationException | RuntimeException e) {
                destroy();
                throw new IllegalStateException("cannot create decoder " + cls.getName()
                        + ": it needs a public no-argument constructor", e);
            }
            decoder.init(config);
            entries.add(new Entry(decoder, decodedType(decoder.getClass())));
        }
    }

    private static Class<?> decodedType(Class<?> decoderClass) {
        for (Class<?> api : List.of(Decoder.Text.class, Decoder.TextStream.class, Decoder.Binary.class,
                Decoder.BinaryStream.class)) {
            if (api.isAssignableFrom(decoderClass)) {
                Class<?> t = GenericTypes.typeArgument(decoderClass, api);
                return t == null ? Object.class : t;
            }
        }
        return Object.class;
    }

    /** Which kind of message a handler of {@code type} takes, or null when nothing can produce that type. */
    MessageKind kindOf(Class<?> type) {
        if (type == String.class || type == Reader.class || BuiltInText.isPrimitiveLike(type)) {
            return MessageKind.TEXT;
        }
        if (type == ByteBuffer.class || type == byte[].class || type == InputStream.class) {
            return MessageKind.BINARY;
        }
        if (type == PongMessage.class) {
            return MessageKind.PONG;
        }
        for (Entry e : entries) {
            if (type.isAssignableFrom(e.type)) {
                if (e.decoder instanceof Decoder.Text || e.decoder instanceof Decoder.TextStream) {
                    return MessageKind.TEXT;
                }
                return MessageKind.BINARY;
            }
        }
        return null;
    }

    /** Turns a whole text message into the handler's type. */
    Object decodeText(Class<?> type, String message) throws DecodeException {
        if (type == String.class) {
            return message;
        }
        if (type == Reader.class) {
            return new StringReader(message);
        }
        if (BuiltInText.isPrimitiveLike(type)) {
            return BuiltInText.decode(type, message);
        }
        for (Entry e : entries) {
            if (!type.isAssignableFrom(e.type)) {
                continue;
            }
            if (e.decoder instanceof Decoder.Text<?> text) {
                if (text.willDecode(message)) {
                    return text.decode(message);
                }
            } else if (e.decoder instanceof Decoder.TextStream<?> stream) {
                try {
                    return stream.decode(new StringReader(message));
                } catch (IOException ex) {
                    throw new DecodeException(message, "decoder " + e.decoder.getClass().getName() + " failed", ex);
                }
            }
        }
        throw new DecodeException(message, "no decoder for " + type.getName() + " accepted the text message");
    }

    /** Turns a whole binary message into the handler's type. */
    Object decodeBinary(Class<?> type, ByteBuffer message) throws DecodeException {
        if (type == ByteBuffer.class) {
            return message;
        }
        if (type == byte[].class) {
            byte[] bytes = new byte[message.remaining()];
            message.get(bytes);
            return bytes;
        }
        if (type == InputStream.class) {
            return toStream(message);
        }
        for (Entry e : entries) {
            if (!type.isAssignableFrom(e.type)) {
                continue;
            }
            if (e.decoder instanceof Decoder.Binary<?> binary) {
                // decoders get a heap buffer holding exactly the message (some read buf.array() whole)
                ByteBuffer exact = exactCopy(message);
                if (binary.willDecode(exact.duplicate())) {
                    return binary.decode(exact);
                }
            } else if (e.decoder instanceof Decoder.BinaryStream<?> stream) {
                try {
                    return stream.decode(toStream(message));
                } catch (IOException ex) {
                    throw new DecodeException(message, "decoder " + e.decoder.getClass().getName() + " failed", ex);
                }
            }
        }
        throw new DecodeException(message, "no decoder for " + type.getName() + " accepted the binary message");
    }

    private static ByteBuffer exactCopy(ByteBuffer message) {
        byte[] bytes = new byte[message.remaining()];
        message.duplicate().get(bytes);
        return ByteBuffer.wrap(bytes);
    }

    private static InputStream toStream(ByteBuffer message) {
        if (message.hasArray()) {
            return new ByteArrayInputStream(message.array(), message.arrayOffset() + message.position(), message.remaining());
        }
        return new ByteArrayInputStream(exactCopy(message).array());
    }

    /** Calls {@code destroy} on every decoder; failures are logged, never thrown. */
    void destroy() {
        for (Entry e : entries) {
            try {
                e.decoder.destroy();
            } catch (RuntimeException ex) {
                System.getLogger(Decoders.class.getName()).log(System.Logger.Level.WARNING,
                        "decoder " + e.decoder.getClass().getName() + " failed in destroy()", ex);
            }
        }
        entries.clear();
    }
}
