package dev.onramp.websocket.endpoint;

import jakarta.websocket.DecodeException;

import java.util.Map;
import java.util.function.Function;

/**
 * Converts a path parameter's string value to the type of a {@code @PathParam} parameter: {@code String}, a Java
 * primitive or its box, the only types the specification allows.
 */
final class PathParamConverter {

    private static final Map<Class<?>, Function<String, Object>> PARSERS = Map.ofEntries(
            Map.entry(String.class, s -> s),
            Map.entry(Boolean.class, PathParamConverter::parseBoolean),
            Map.entry(Byte.class, Byte::valueOf),
            Map.entry(Short.class, Short::valueOf),
            Map.entry(Integer.class, Integer::valueOf),
            Map.entry(Long.class, Long::valueOf),
            Map.entry(Float.class, Float::valueOf),
            Map.entry(Double.class, Double::valueOf),
            Map.entry(Character.class, PathParamConverter::parseChar));

    private PathParamConverter() {
    }

    /**
     * The template variable a {@code @PathParam} value names. A variable name cannot contain braces, so a value
     * written as the template spells the variable, {@code "{id}"}, can only mean {@code id} (the TCK's
     * {@code websocketmessage} endpoints write it so); any other value is the name itself.
     */
    static String variableName(String value) {
        if (value.length() > 2 && value.charAt(0) == '{' && value.charAt(value.length() - 1) == '}') {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    /** Whether a parameter of this type may carry {@code @PathParam}. */
    static boolean supports(Class<?> type) {
        return PARSERS.containsKey(Primitives.box(type));
    }

    /**
     * Converts a value.
     *
     * @param value the path parameter, null when the template has no such variable
     * @throws DecodeException when the value cannot be parsed, or is missing for a primitive parameter
     */
    static Object convert(String name, String value, Class<?> type) throws DecodeException {
        if (value == null) {
            if (type.isPrimitive()) {
                throw new DecodeException((String) null, "No value for path parameter '" + name
                        + "' of primitive type " + type.getName());
            }
            return null;
        }
        try {
            return PARSERS.get(Primitives.box(type)).apply(value);
        } catch (IllegalArgumentException e) {
            throw new DecodeException(value, "Path parameter '" + name + "' value '" + value
                    + "' is not a " + type.getSimpleName(), e);
        }
    }

    private static Object parseBoolean(String s) {
        // Boolean.parseBoolean would turn any typo into false; a path segment that is not a boolean is an error
        if (s.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        if (s.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        throw new IllegalArgumentException("not a boolean: " + s);
    }

    private static Object parseChar(String s) {
        if (s.length() != 1) {
            throw new IllegalArgumentException("not a single character: " + s);
        }
        return s.charAt(0);
    }
}
