package dev.onramp.sample;

import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;
import jakarta.websocket.Encoder;

import java.util.Objects;

/**
 * A chat line: who said what. On the wire it is {@code user: text}, so the sample shows an encoder and a decoder
 * without pulling in a JSON library.
 */
public record ChatMessage(String user, String text) {

    public ChatMessage {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(text, "text");
    }

    /** Writes {@code user: text}. */
    public static final class TextEncoder implements Encoder.Text<ChatMessage> {
        @Override
        public String encode(ChatMessage message) {
            return message.user() + ": " + message.text();
        }
    }

    /** Reads {@code user: text}; anything without {@code ": "} is not a chat line. */
    public static final class TextDecoder implements Decoder.Text<ChatMessage> {
        @Override
        public ChatMessage decode(String s) throws DecodeException {
            int colon = s.indexOf(": ");
            if (colon <= 0) {
                throw new DecodeException(s, "a chat line is 'user: text'");
            }
            return new ChatMessage(s.substring(0, colon), s.substring(colon + 2));
        }

        @Override
        public boolean willDecode(String s) {
            return s != null && s.indexOf(": ") > 0;
        }
    }
}
