package dev.onramp.websocket.endpoint;

import java.util.Map;

/** Primitive types and their boxes. */
final class Primitives {

    private static final Map<Class<?>, Class<?>> BOXES = Map.of(
            boolean.class, Boolean.class, byte.class, Byte.class, short.class, Short.class,
            char.class, Character.class, int.class, Integer.class, long.class, Long.class,
            float.class, Float.class, double.class, Double.class);

    private Primitives() {
    }

    /** The box of a primitive type; any other type unchanged. */
    static Class<?> box(Class<?> type) {
        return type.isPrimitive() ? BOXES.getOrDefault(type, type) : type;
    }
}
