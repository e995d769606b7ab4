package dev.onramp.websocket.endpoint;

import dev.onramp.websocket.session.MessageKind;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Decoder;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Validates the parameters of one callback method against the rules of its annotation and turns each into an
 * {@link ArgumentSource}. Every violation is a {@link DeploymentException} naming the endpoint class, the method,
 * the parameter index and the rule.
 */
final class ParameterBinder {

    /** The message parameter(s) of an {@code @OnMessage} method, as the session must deliver them. */
    record MessageBinding(List<ArgumentSource> sources, MessageKind kind, Class<?> messageType, boolean partial) {
    }

    private final Class<?> endpointClass;
    private final boolean server;
    private final List<Class<? extends Decoder>> decoders;

    ParameterBinder(Class<?> endpointClass, boolean server, List<Class<? extends Decoder>> decoders) {
        this.endpointClass = endpointClass;
        this.server = server;
        this.decoders = decoders;
    }

    /** {@code @OnOpen}: Session, EndpointConfig, {@code @PathParam}s. */
    List<ArgumentSource> bindOpen(Method m) throws DeploymentException {
        return bindSimple(m, OnOpen.class, EndpointConfig.class, CallContext::config, false);
    }

    /** {@code @OnClose}: Session, CloseReason, {@code @PathParam}s. */
    List<ArgumentSource> bindClose(Method m) throws DeploymentException {
        return bindSimple(m, OnClose.class, CloseReason.class, CallContext::closeReason, false);
    }

    /** {@code @OnError}: a Throwable (required), Session, {@code @PathParam}s. */
    List<ArgumentSource> bindError(Method m) throws DeploymentException {
        return bindSimple(m, OnError.class, Throwable.class, CallContext::error, true);
    }

    private List<ArgumentSource> bindSimple(Method m, Class<? extends Annotation> annotation, Class<?> extraType,
            ArgumentSource extraSource, boolean extraRequired) throws DeploymentException {
        Parameter[] params = m.getParameters();
        List<ArgumentSource> sources = new ArrayList<>(params.length);
        Set<Class<?>> seen = new HashSet<>();
        for (int i = 0; i < params.length; i++) {
            Parameter p = params[i];
            ArgumentSource common = common(m, annotation, i, p, seen);
            if (common != null) {
                sources.add(common);
            } else if (p.getType() == extraType) {
                requireOnce(m, annotation, i, p, seen);
                sources.add(extraSource);
            } else {
                throw fail(m, annotation, "parameter " + i + " of type " + p.getType().getName()
                        + " is not allowed (allowed: Session, " + extraType.getSimpleName()
                        + (server ? ", @PathParam String/primitive/box" : "") + ")");
            }
        }
        if (extraRequired && !seen.contains(extraType)) {
            throw fail(m, annotation, "a " + extraType.getSimpleName() + " parameter is required");
        }
        return sources;
    }

    /**
     * {@code @OnMessage}: one message parameter (or a String/ByteBuffer/byte[] with a {@code boolean last} for
     * partial delivery), plus Session and {@code @PathParam}s.
     */
    MessageBinding bindMessage(Method m) throws DeploymentException {
        Parameter[] params = m.getParameters();
        ArgumentSource[] sources = new ArgumentSource[params.length];
        Set<Class<?>> seen = new HashSet<>();
        List<Integer> payload = new ArrayList<>(2);
        for (int i = 0; i < params.length; i++) {
            ArgumentSource common = common(m, OnMessage.class, i, params[i], seen);
            if (common != null) {
                sources[i] = common;
            } else {
                payload.add(i);
            }
        }
        if (payload.isEmpty()) {
            throw fail(m, OnMessage.class, "it has no message parameter");
        }
        if (payload.size() > 2) {
            throw fail(m, OnMessage.class, "parameters " + payload + " cannot all be the message");
        }
        int messageIndex = payload.get(0);
        boolean partial = false;
        if (payload.size() == 2) {
            int a = payload.get(0);
            int b = payload.get(1);
            if (params[b].getType() == boolean.class && isPartialType(params[a].getType())) {
                messageIndex = a;
            } else if (params[a].getType() == boolean.class && isPartialType(params[b].getType())) {
                messageIndex = b;
            } else {
                throw fail(m, OnMessage.class, "parameters " + a + " (" + params[a].getType().getSimpleName()
                        + ") and " + b + " (" + params[b].getType().getSimpleName() + ") cannot both be "
                        + "the message; only String, ByteBuffer or byte[] with a boolean 'last' form a partial "
                        + "message");
            }
            int lastIndex = messageIndex == a ? b : a;
            sources[lastIndex] = ArgumentSource.LAST;
            partial = true;
        }
        Class<?> type = params[messageIndex].getType();
        MessageKind kind = MessageKind.of(type, decoders);
        if (kind == null) {
            throw fail(m, OnMessage.class, "parameter " + messageIndex + " of type " + type.getName()
                    + " is not a message type (String, Reader, primitive, byte[], ByteBuffer, InputStream, "
                    + "PongMessage) and no decoder of the endpoint produces it");
        }
        sources[messageIndex] = ArgumentSource.MESSAGE;
        return new MessageBinding(List.of(sources), kind, Primitives.box(type), partial);
    }

    private static boolean isPartialType(Class<?> type) {
        return type == String.class || type == ByteBuffer.class || type == byte[].class;
    }

    /** Session and {@code @PathParam} parameters, legal on every callback; null for any other parameter. */
    private ArgumentSource common(Method m, Class<? extends Annotation> annotation, int i, Parameter p,
            Set<Class<?>> seen) throws DeploymentException {
        PathParam pathParam = p.getAnnotation(PathParam.class);
        Class<?> type = p.getType();
        if (pathParam != null) {
            if (!server) {
                throw fail(m, annotation, "parameter " + i + ": @PathParam is only meaningful on a server "
                        + "endpoint");
            }
            if (!PathParamConverter.supports(type)) {
                throw fail(m, annotation, "parameter " + i + ": @PathParam(\"" + pathParam.value()
                        + "\") must be a String, a primitive or a primitive box, not " + type.getName());
            }
            String name = PathParamConverter.variableName(pathParam.value());
            return ctx -> PathParamConverter.convert(name, ctx.session().getPathParameters().get(name), type);
        }
        if (type == Session.class) {
            requireOnce(m, annotation, i, p, seen);
            return ArgumentSource.SESSION;
        }
        return null;
    }

    private void requireOnce(Method m, Class<? extends Annotation> annotation, int i, Parameter p,
            Set<Class<?>> seen) throws DeploymentException {
        if (!seen.add(p.getType())) {
            throw fail(m, annotation, "parameter " + i + ": a second " + p.getType().getSimpleName()
                    + " parameter");
        }
    }

    private DeploymentException fail(Method m, Class<? extends Annotation> annotation, String rule) {
        return fail(endpointClass, m, annotation, rule);
    }

    static DeploymentException fail(Class<?> endpointClass, Method m, Class<? extends Annotation> annotation,
            String rule) {
        return new DeploymentException("Endpoint " + endpointClass.getName() + ", @" + annotation.getSimpleName()
                + " method " + Describe.method(m) + ": " + rule);
    }
}
