package dev.onramp.websocket.session;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.HashMap;
import java.util.Map;

/**
 * Finds the class a generic interface is instantiated with somewhere up a class's hierarchy, e.g. the {@code T}
 * of {@code MessageHandler.Whole<T>} for a handler class, or of {@code Decoder.Text<T>} for a decoder.
 */
public final class GenericTypes {

    private GenericTypes() {
    }

    /**
     * The raw class bound to the single type parameter of {@code target} as implemented by {@code type}, or null
     * when it cannot be known (a lambda, a raw type, an unbound type variable).
     */
    public static Class<?> typeArgument(Class<?> type, Class<?> target) {
        return resolve(type, target, new HashMap<>());
    }

    private static Class<?> resolve(Type type, Class<?> target, Map<TypeVariable<?>, Type> bindings) {
        Class<?> raw = rawClass(type, bindings);
        if (raw == null) {
            return null;
        }
        if (type instanceof ParameterizedType) {
            ParameterizedType p = (ParameterizedType) type;
            TypeVariable<?>[] vars = raw.getTypeParameters();
            Type[] args = p.getActualTypeArguments();
            for (int i = 0; i < vars.length && i < args.length; i++) {
                bindings.put(vars[i], args[i]);
            }
            if (raw == target) {
                return rawClass(args[0], bindings);
            }
        }
        if (raw == target) {
            return null; // implemented raw
        }
        for (Type iface : raw.getGenericInterfaces()) {
            if (target.isAssignableFrom(rawClass(iface, bindings))) {
                return resolve(iface, target, bindings);
            }
        }
        Type superclass = raw.getGenericSuperclass();
        if (superclass != null && target.isAssignableFrom(rawClass(superclass, bindings))) {
            return resolve(superclass, target, bindings);
        }
        return null;
    }

    private static Class<?> rawClass(Type type, Map<TypeVariable<?>, Type> bindings) {
        if (type instanceof Class<?>) {
            return (Class<?>) type;
        }
        if (type instanceof ParameterizedType) {
            return (Class<?>) ((ParameterizedType) type).getRawType();
        }
        if (type instanceof GenericArrayType) {
            Class<?> component = rawClass(((GenericArrayType) type).getGenericComponentType(), bindings);
            return component == null ? null : java.lang.reflect.Array.newInstance(component, 0).getClass();
        }
        if (type instanceof TypeVariable<?>) {
            Type bound = bindings.get(type);
            return bound == null || bound == type ? null : rawClass(bound, bindings);
        }
        return null;
    }
}
