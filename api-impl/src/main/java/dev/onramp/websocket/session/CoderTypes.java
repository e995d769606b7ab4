package dev.onramp.websocket.session;

import jakarta.websocket.Decoder;
import jakarta.websocket.Encoder;

import java.util.List;

/** What an encoder or decoder class converts: the type argument of the {@code Encoder}/{@code Decoder} interface it implements. */
final class CoderTypes {

    private static final List<Class<?>> DECODERS = List.of(Decoder.Text.class, Decoder.TextStream.class,
            Decoder.Binary.class, Decoder.BinaryStream.class);
    private static final List<Class<?>> ENCODERS = List.of(Encoder.Text.class, Encoder.TextStream.class,
            Encoder.Binary.class, Encoder.BinaryStream.class);

    private CoderTypes() {
    }

    /** The type a decoder class produces; Object when the class does not say (raw, or an unbounded variable). */
    static Class<?> decodedType(Class<?> decoderClass) {
        return convertedType(decoderClass, DECODERS);
    }

    /** The type an encoder class accepts; Object when the class does not say. */
    static Class<?> encodedType(Class<?> encoderClass) {
        return convertedType(encoderClass, ENCODERS);
    }

    /** Whether a decoder class reads text messages (else binary). */
    static boolean decodesText(Class<?> decoderClass) {
        return Decoder.Text.class.isAssignableFrom(decoderClass) || Decoder.TextStream.class.isAssignableFrom(decoderClass);
    }

    private static Class<?> convertedType(Class<?> coderClass, List<Class<?>> apis) {
        for (Class<?> api : apis) {
            if (api.isAssignableFrom(coderClass)) {
                Class<?> t = GenericTypes.typeArgument(coderClass, api);
                return t == null ? Object.class : t;
            }
        }
        return Object.class;
    }
}
