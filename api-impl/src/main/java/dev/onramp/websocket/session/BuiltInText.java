package dev.onramp.websocket.session;

import jakarta.websocket.DecodeException;

/** The text forms of Java primitives and their boxes, which every container must decode and encode. */
final class BuiltInText {

    private BuiltInText() {
    }

    static boolean isPrimitiveLike(Class<?> type) {
        return type.isPrimitive() && type != void.class || type == Boolean.class || type == Character.class
                || type == Byte.class || type == Short.class || type == Integer.class || type == Long.class
                || type == Float.class || type == Double.class;
    }

    static Object decode(Class<?> type, String text) throws DecodeException {
        try {
            if (type == Integer.class || type == int.class) {
                return Integer.valueOf(text);
            }
            if (type == Long.class || type == long.class) {
                return Long.valueOf(text);
            }
            if (type == Boolean.class || type == boolean.class) {
                return Boolean.valueOf(text);
            }
            if (type == Double.class || type == double.class) {
                return Double.valueOf(text);
            }
            if (type == Float.class || type == float.class) {
                return Float.valueOf(text);
            }
            if (type == Short.class || type == short.class) {
                return Short.valueOf(text);
            }
            if (type == Byte.class || type == byte.class) {
                return Byte.valueOf(text);
            }
            if (type == Character.class || type == char.class) {
                // the reference implementation (and the TCK) take the message's first character
                if (text.isEmpty()) {
                    throw new DecodeException(text, "an empty message has no character");
                }
                return text.charAt(0);
            }
        } catch (NumberFormatException e) {
            throw new DecodeException(text, "not a " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
        throw new DecodeException(text, "not a primitive type: " + type.getName());
    }
}
