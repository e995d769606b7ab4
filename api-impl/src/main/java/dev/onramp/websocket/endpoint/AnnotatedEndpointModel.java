package dev.onramp.websocket.endpoint;

import dev.onramp.websocket.session.MessageKind;
import jakarta.websocket.ClientEndpoint;
import jakarta.websocket.Decoder;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.server.ServerEndpoint;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A compiled {@code @ServerEndpoint} or {@code @ClientEndpoint} class: every callback method found, validated and
 * bound to a method handle once, at deployment.
 *
 * <p>Inheritance: the specification says the annotation behaviours are not passed down the class hierarchy, but
 * Tomcat and Tyrus do look at callback methods declared by superclasses, and endpoints built on an abstract base
 * class depend on that. Onramp follows the implementations: annotated public methods of superclasses count,
 * unless a subclass overrides the method (with or without the annotation; an overriding method counts only if it
 * carries the annotation itself); and a callback of a kind declared by a subclass replaces a superclass callback
 * of the same kind (two of one kind in one class are an error). Callback methods must be public and not static.
 */
public final class AnnotatedEndpointModel {

    private final Class<?> pojoClass;
    private final CallbackMethod onOpen;
    private final CallbackMethod onClose;
    private final CallbackMethod onError;
    private final List<MessageCallback> onMessage;

    private AnnotatedEndpointModel(Class<?> pojoClass, CallbackMethod onOpen, CallbackMethod onClose,
            CallbackMethod onError, List<MessageCallback> onMessage) {
        this.pojoClass = pojoClass;
        this.onOpen = onOpen;
        this.onClose = onClose;
        this.onError = onError;
        this.onMessage = onMessage;
    }

    /**
     * Compiles a class with the decoders of its {@code @ServerEndpoint} (server) or {@code @ClientEndpoint}
     * (client) annotation.
     *
     * @param server true for a server endpoint, false for a client endpoint (where {@code @PathParam} is rejected:
     *     a client session has no path parameters)
     * @throws DeploymentException naming the class, the method and the rule broken, for an illegal declaration
     */
    public static AnnotatedEndpointModel compile(Class<?> pojoClass, boolean server) throws DeploymentException {
        List<Class<? extends Decoder>> decoders;
        if (server) {
            ServerEndpoint se = pojoClass.getAnnotation(ServerEndpoint.class);
            decoders = se == null ? List.of() : List.of(se.decoders());
        } else {
            ClientEndpoint ce = pojoClass.getAnnotation(ClientEndpoint.class);
            decoders = ce == null ? List.of() : List.of(ce.decoders());
        }
        return compile(pojoClass, server, decoders);
    }

    /**
     * Compiles a class against an explicit list of decoders (for an annotated class deployed with a programmatic
     * endpoint configuration, whose decoders are the ones the session will use).
     *
     * @throws DeploymentException naming the class, the method and the rule broken, for an illegal declaration
     */
    public static AnnotatedEndpointModel compile(Class<?> pojoClass, boolean server,
            List<Class<? extends Decoder>> decoders) throws DeploymentException {
        Objects.requireNonNull(pojoClass, "pojoClass");
        ParameterBinder binder = new ParameterBinder(pojoClass, server, List.copyOf(decoders));
        Found<Annotation> open = new Found<>();
        Found<Annotation> close = new Found<>();
        Found<Annotation> error = new Found<>();
        Map<MessageKind, Found<MessageCallback>> messages = new EnumMap<>(MessageKind.class);
        CallbackMethod openMethod = null;
        CallbackMethod closeMethod = null;
        CallbackMethod errorMethod = null;

        Set<String> overridden = new HashSet<>();
        for (Class<?> c = pojoClass; c != null && c != Object.class; c = c.getSuperclass()) {
            Method[] declared = c.getDeclaredMethods();
            // a fixed order makes error messages reproducible
            Arrays.sort(declared, (x, y) -> x.toString().compareTo(y.toString()));
            for (Method m : declared) {
                if (m.isSynthetic() || m.isBridge() || overridden.contains(signature(m))) {
                    continue;
                }
                if (m.isAnnotationPresent(OnOpen.class)
                        && open.claim(pojoClass, c, m, OnOpen.class)) {
                    openMethod = bind(pojoClass, m, OnOpen.class, binder.bindOpen(check(pojoClass, m, OnOpen.class)));
                }
                if (m.isAnnotationPresent(OnClose.class)
                        && close.claim(pojoClass, c, m, OnClose.class)) {
                    closeMethod = bind(pojoClass, m, OnClose.class,
                            binder.bindClose(check(pojoClass, m, OnClose.class)));
                }
                if (m.isAnnotationPresent(OnError.class)
                        && error.claim(pojoClass, c, m, OnError.class)) {
                    errorMethod = bind(pojoClass, m, OnError.class,
                            binder.bindError(check(pojoClass, m, OnError.class)));
                }
                OnMessage om = m.getAnnotation(OnMessage.class);
                if (om != null) {
                    ParameterBinder.MessageBinding b = binder.bindMessage(check(pojoClass, m, OnMessage.class));
                    Found<MessageCallback> slot = messages.computeIfAbsent(b.kind(), k -> new Found<>());
                    if (slot.claimMessage(pojoClass, c, m, b.kind())) {
                        CallbackMethod cm = bind(pojoClass, m, OnMessage.class, b.sources());
                        slot.value = new MessageCallback(cm, b.kind(), b.messageType(), b.partial(),
                                om.maxMessageSize());
                    }
                }
            }
            for (Method m : declared) {
                if (!Modifier.isPrivate(m.getModifiers()) && !Modifier.isStatic(m.getModifiers())) {
                    overridden.add(signature(m));
                }
            }
        }
        List<MessageCallback> messageCallbacks = new ArrayList<>();
        for (Found<MessageCallback> f : messages.values()) {
            messageCallbacks.add(f.value);
        }
        return new AnnotatedEndpointModel(pojoClass, openMethod, closeMethod, errorMethod,
                List.copyOf(messageCallbacks));
    }

    private static Method check(Class<?> pojoClass, Method m, Class<? extends Annotation> annotation)
            throws DeploymentException {
        if (!Modifier.isPublic(m.getModifiers())) {
            throw ParameterBinder.fail(pojoClass, m, annotation, "a callback method must be public");
        }
        if (Modifier.isStatic(m.getModifiers())) {
            throw ParameterBinder.fail(pojoClass, m, annotation, "a callback method must not be static");
        }
        return m;
    }

    private static CallbackMethod bind(Class<?> pojoClass, Method m, Class<? extends Annotation> annotation,
            List<ArgumentSource> sources) throws DeploymentException {
        try {
            return CallbackMethod.bind(m, sources);
        } catch (IllegalAccessException | RuntimeException e) {
            throw new DeploymentException("Endpoint " + pojoClass.getName() + ", @" + annotation.getSimpleName()
                    + " method " + Describe.method(m) + ": cannot be bound: " + e, e);
        }
    }

    private static String signature(Method m) {
        return m.getName() + Arrays.toString(m.getParameterTypes());
    }

    /** The compiled class. */
    public Class<?> pojoClass() {
        return pojoClass;
    }

    /** An {@link Endpoint} that drives this POJO instance for one session. */
    public Endpoint newEndpoint(Object pojoInstance) {
        if (!pojoClass.isInstance(pojoInstance)) {
            throw new IllegalArgumentException("Not an instance of " + pojoClass.getName() + ": " + pojoInstance);
        }
        return new AnnotatedEndpoint(this, pojoInstance);
    }

    CallbackMethod onOpen() {
        return onOpen;
    }

    CallbackMethod onClose() {
        return onClose;
    }

    CallbackMethod onError() {
        return onError;
    }

    List<MessageCallback> onMessage() {
        return onMessage;
    }

    @Override
    public String toString() {
        return "AnnotatedEndpointModel[" + pojoClass.getName() + "]";
    }

    /** Which class declared the callback of one kind: the most derived declaration wins, one per class. */
    private static final class Found<V> {
        private Class<?> declaredBy;
        private Method method;
        V value;

        boolean claim(Class<?> pojoClass, Class<?> c, Method m, Class<? extends Annotation> annotation)
                throws DeploymentException {
            if (declaredBy == null) {
                declaredBy = c;
                method = m;
                return true;
            }
            if (declaredBy == c) {
                throw ParameterBinder.fail(pojoClass, m, annotation, "a second @" + annotation.getSimpleName()
                        + " method in " + c.getName() + " (the first is " + Describe.method(method) + ")");
            }
            return false; // a subclass declared its own
        }

        boolean claimMessage(Class<?> pojoClass, Class<?> c, Method m, MessageKind kind)
                throws DeploymentException {
            if (declaredBy == null) {
                declaredBy = c;
                method = m;
                return true;
            }
            if (declaredBy == c) {
                throw ParameterBinder.fail(pojoClass, m, OnMessage.class, "a second @OnMessage method for "
                        + kind.label() + " messages in " + c.getName() + " (the first is "
                        + Describe.method(method) + ")");
            }
            return false;
        }
    }
}
