package dev.onramp.websocket.session;

import jakarta.websocket.EncodeException;
import jakarta.websocket.Encoder;
import jakarta.websocket.EndpointConfig;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One session's encoders for {@code sendObject}: the endpoint configuration's first (in declaration order, the
 * first whose type fits wins), then the built-in forms: String as text, ByteBuffer and byte[] as binary,
 * primitives and boxes as their text.
 */
final class Encoders {

    private record Entry(Encoder encoder, Class<?> type) {
    }

    private final List<Entry> entries = new ArrayList<>();

    Encoders(EndpointConfig config) {
        for (Class<? extends Encoder> cls : config.getEncoders()) {
            Encoder encoder;
            try {
                encoder = cls.getConstructor().newInstance();
            } catch (ReflectiveOperationException | RuntimeException e) {
                destroy();
                throw new IllegalStateException("cannot create encoder " + cls.getName()
                        + ": it needs a public no-argument constructor", e);
            }
            encoder.init(config);
            entries.add(new Entry(encoder, CoderTypes.encodedType(encoder.getClass())));
        }
    }

    /**
     * Encodes a value into a whole message: a {@link String} (send as text) or a {@link ByteBuffer} (send as
     * binary).
     */
    Object encode(Object value) throws EncodeException, IOException {
        if (value == null) {
            throw new IllegalArgumentException("cannot send a null object");
        }
        Class<?> type = value.getClass();
        for (int i = 0, n = entries.size(); i < n; i++) { // no iterator per message
            Entry e = entries.get(i);
            if (!e.type.isAssignableFrom(type)) {
                continue;
            }
            try {
                return encodeWith(e.encoder, value);
            } catch (RuntimeException failure) {
                // an application encoder that throws is an encoding failure, reported like one (a failed Future or
                // SendResult for asynchronous sends)
                throw new EncodeException(value, "encoder " + e.encoder.getClass().getName() + " failed: " + failure,
                        failure);
            }
        }
        if (value instanceof String || value instanceof ByteBuffer) {
            return value;
        }
        if (value instanceof byte[]) {
            return ByteBuffer.wrap((byte[]) value);
        }
        if (BuiltInText.isPrimitiveLike(type)) {
            return String.valueOf(value);
        }
        throw new EncodeException(value, "no encoder for " + type.getName()
                + " is configured on this endpoint (add one to the endpoint's encoders)");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object encodeWith(Encoder enc, Object value) throws EncodeException, IOException {
        if (enc instanceof Encoder.Text text) {
            return text.encode(value);
        }
        if (enc instanceof Encoder.Binary binary) {
            return binary.encode(value);
        }
        if (enc instanceof Encoder.TextStream stream) {
            StringWriter writer = new StringWriter();
            stream.encode(value, writer);
            return writer.toString();
        }
        if (enc instanceof Encoder.BinaryStream stream) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            stream.encode(value, out);
            return ByteBuffer.wrap(out.toByteArray());
        }
        throw new EncodeException(value, enc.getClass().getName() + " is not a Text, TextStream, Binary or BinaryStream encoder");
    }

    /** Calls {@code destroy} on every encoder; failures are logged, never thrown. */
    void destroy() {
        for (Entry e : entries) {
            try {
                e.encoder.destroy();
            } catch (RuntimeException ex) {
                System.getLogger(Encoders.class.getName()).log(System.Logger.Level.WARNING,
                        "encoder " + e.encoder.getClass().getName() + " failed in destroy()", ex);
            }
        }
        entries.clear();
    }
}
