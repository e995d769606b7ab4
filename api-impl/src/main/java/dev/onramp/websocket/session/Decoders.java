package dev.onramp.websocket.session;

import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;
import jakarta.websocket.EndpointConfig;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One session's decoders: the endpoint configuration's, which win for the types they produce, then the built-in
 * ones for primitives, boxes and the raw message types. The configuration's are created and {@code init}ed when
 * the session opens and {@code destroy}ed when it closes.
 */
final class Decoders {

    private record Entry(Decoder decoder, Class<?> type) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final List<Class<? extends Decoder>> declared;

    Decoders(EndpointConfig config) {
        this.declared = List.copyOf(config.getDecoders());
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
            entries.add(new Entry(decoder, CoderTypes.decodedType(decoder.getClass())));
        }
    }

    /**
     * Whether the endpoint's configuration declares a decoder whose result a handler of {@code type} takes. Such a
     * decoder wins over the built-in handling of the type (a declared {@code Decoder.Text<Reader>} is used, not
     * the container's streaming Reader).
     */
    boolean declaresDecoderFor(Class<?> type) {
        for (int i = 0; i < entries.size(); i++) { // indexed: no iterator per message
            Entry e = entries.get(i);
            if (type.isAssignableFrom(e.type)) {
                return true;
            }
        }
        return false;
    }

    /** Which kind of message a handler of {@code type} takes, or null when nothing can produce that type. */
    MessageKind kindOf(Class<?> type) {
        return MessageKind.of(type, declared);
    }

    /**
     * Turns a whole text message into the handler's type: through the first declared decoder that produces the type
     * and will decode the message, else through the built-in conversion.
     */
    Object decodeText(Class<?> type, String message) throws DecodeException {
        for (int i = 0; i < entries.size(); i++) { // indexed: no iterator per message
            Entry e = entries.get(i);
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
        if (type == String.class) {
            return message;
        }
        if (type == Reader.class) {
            return new StringReader(message);
        }
        if (BuiltInText.isPrimitiveLike(type)) {
            return BuiltInText.decode(type, message);
        }
        throw new DecodeException(message, "no decoder for " + type.getName() + " accepted the text message");
    }

    /** Turns a whole binary message into the handler's type, declared decoders first, as {@link #decodeText}. */
    Object decodeBinary(Class<?> type, ByteBuffer message) throws DecodeException {
        for (int i = 0; i < entries.size(); i++) { // indexed: no iterator per message
            Entry e = entries.get(i);
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
