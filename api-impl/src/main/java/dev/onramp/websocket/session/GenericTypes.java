package dev.onramp.websocket.session;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.HashMap;
import java.util.Map;

/**
 * Finds the class a generic interface is instantiated with somewhere up a class's hierarchy, e.g. the {@code T}
 * of {@code MessageHandler.Whole<T>} for a handler class, or of {@code Decoder.Text<T>} for a decoder. The one
 * implementation of this rule: the deployment checks of annotated endpoints and the session's decoding, encoding
 * and handler registration all ask here, so they cannot disagree.
 */
public final class GenericTypes {

    private GenericTypes() {
    }

    /**
     * The class bound to the first type parameter of {@code target} as {@code type} implements it (through
     * superclasses and generic intermediate types), or null when it cannot be known (a lambda, a raw
     * implementation, an unbounded type variable). A type variable with a bound stands for the bound's erasure:
     * {@code class D<T extends Foo> implements Decoder.Text<T>} decodes to {@code Foo}.
     */
    public static Class<?> typeArgument(Class<?> type, Class<?> target) {
        return erase(find(type, target, new HashMap<>()));
    }

    private static Type find(Type type, Class<?> target, Map<TypeVariable<?>, Type> bindings) {
        Class<?> raw;
        Map<TypeVariable<?>, Type> local = new HashMap<>(bindings);
        if (type instanceof ParameterizedType pt) {
            raw = (Class<?>) pt.getRawType();
            TypeVariable<?>[] vars = raw.getTypeParameters();
            Type[] args = pt.getActualTypeArguments();
            for (int i = 0; i < vars.length && i < args.length; i++) {
                local.put(vars[i], args[i] instanceof TypeVariable<?> v ? bindings.getOrDefault(v, v) : args[i]);
            }
            if (raw == target) {
                return vars.length == 0 ? null : local.get(vars[0]);
            }
        } else if (type instanceof Class<?> c) {
            raw = c;
            if (raw == target) {
                return null; // implemented raw: the argument is unknown
            }
        } else {
            return null;
        }
        if (!target.isAssignableFrom(raw)) {
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
            return bounds.length == 0 || bounds[0] == Object.class ? null : erase(bounds[0]);
        }
        return null;
    }
}
