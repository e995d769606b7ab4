package dev.onramp.websocket.endpoint;

import jakarta.websocket.Decoder;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds what a decoder class produces and whether it reads text or binary messages, from the type argument of the
 * {@code Decoder.Text/TextStream/Binary/BinaryStream} interface it implements (possibly through superclasses and
 * generic intermediate types).
 */
final class DecoderTypes {

    private DecoderTypes() {
    }

    /**
     * The kind of message that the endpoint's decoders turn into {@code type}: that of the first decoder in the
     * list whose result is assignable to the type (the rule the session layer applies when the handler is
     * registered); null when no decoder produces it.
     */
    static MessageKind kindFor(Class<?> type, List<Class<? extends Decoder>> decoders) {
        for (Class<? extends Decoder> d : decoders) {
            if (produces(d, Decoder.Text.class, type) || produces(d, Decoder.TextStream.class, type)) {
                return MessageKind.TEXT;
            }
            if (produces(d, Decoder.Binary.class, type) || produces(d, Decoder.BinaryStream.class, type)) {
                return MessageKind.BINARY;
            }
        }
        return null;
    }

    private static boolean produces(Class<?> decoder, Class<?> decoderInterface, Class<?> target) {
        if (!decoderInterface.isAssignableFrom(decoder)) {
            return false;
        }
        Class<?> produced = typeArgument(decoder, decoderInterface);
        return produced != null && target.isAssignableFrom(produced);
    }

    /** The erased first type argument with which {@code cls} implements the generic interface, or null. */
    static Class<?> typeArgument(Class<?> cls, Class<?> genericInterface) {
        Type found = find(cls, genericInterface, new HashMap<>());
        return erase(found);
    }

    private static Type find(Type type, Class<?> target, Map<TypeVariable<?>, Type> bindings) {
        Class<?> raw;
        Map<TypeVariable<?>, Type> local = new HashMap<>(bindings);
        if (type instanceof ParameterizedType pt) {
            raw = (Class<?>) pt.getRawType();
            TypeVariable<?>[] vars = raw.getTypeParameters();
            Type[] args = pt.getActualTypeArguments();
            for (int i = 0; i < vars.length; i++) {
                local.put(vars[i], resolve(args[i], bindings));
            }
            if (raw == target) {
                return local.get(vars[0]);
            }
        } else if (type instanceof Class<?> c) {
            raw = c;
            if (raw == target) {
                return null; // implemented raw: the argument is unknown
            }
        } else {
            return null;
        }
        for (Type iface : raw.getGenericInterfaces()) {
            Type t = find(iface, target, local);
            if (t != null) {
                return t;
            }
        }
        Type superclass = raw.getGenericSuperclass();
        return superclass == null ? null : find(superclass, target, local);
    }

    private static Type resolve(Type t, Map<TypeVariable<?>, Type> bindings) {
        if (t instanceof TypeVariable<?> v) {
            return bindings.getOrDefault(v, v);
        }
        return t;
    }

    private static Class<?> erase(Type t) {
        if (t instanceof Class<?> c) {
            return c;
        }
        if (t instanceof ParameterizedType pt) {
            return (Class<?>) pt.getRawType();
        }
        if (t instanceof GenericArrayType ga) {
            Class<?> component = erase(ga.getGenericComponentType());
            return component == null ? null : component.arrayType();
        }
        if (t instanceof TypeVariable<?> v) {
            Type[] bounds = v.getBounds();
            return bounds.length == 0 ? Object.class : erase(bounds[0]);
        }
        return null;
    }
}
