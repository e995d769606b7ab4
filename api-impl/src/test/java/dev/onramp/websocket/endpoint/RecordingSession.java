package dev.onramp.websocket.endpoint;

import jakarta.websocket.MessageHandler;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A hand-written stand-in for the session layer: a {@link Session} (a dynamic proxy) that records the message
 * handlers an endpoint registers, the buffer sizes it sets and the objects it sends, so tests can play messages
 * into an annotated endpoint. To be replaced by end-to-end tests over the real session.
 */
final class RecordingSession {

    /** One {@code addMessageHandler(Class, handler)} call. */
    record Registration(Class<?> type, MessageHandler handler) {
        boolean partial() {
            return handler instanceof MessageHandler.Partial;
        }
    }

    final List<Registration> registrations = new ArrayList<>();
    final List<Object> sent = new ArrayList<>();
    final Map<String, String> pathParameters = new HashMap<>();
    Integer maxText;
    Integer maxBinary;
    Exception sendFailure;
    final Session session;

    RecordingSession() {
        RemoteEndpoint.Basic basic = (RemoteEndpoint.Basic) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {RemoteEndpoint.Basic.class}, (proxy, method, args) -> {
                    if (method.getName().equals("sendObject")) {
                        if (sendFailure != null) {
                            throw sendFailure;
                        }
                        sent.add(args[0]);
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        session = (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "addMessageHandler" -> {
                        if (args.length != 2) {
                            throw new UnsupportedOperationException("addMessageHandler(MessageHandler)");
                        }
                        registrations.add(new Registration((Class<?>) args[0], (MessageHandler) args[1]));
                        yield null;
                    }
                    case "getPathParameters" -> pathParameters;
                    case "setMaxTextMessageBufferSize" -> {
                        maxText = (Integer) args[0];
                        yield null;
                    }
                    case "setMaxBinaryMessageBufferSize" -> {
                        maxBinary = (Integer) args[0];
                        yield null;
                    }
                    case "getBasicRemote" -> basic;
                    case "getId" -> "s1";
                    case "toString" -> "RecordingSession";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    Registration only(Class<?> type) {
        List<Registration> found = registrations.stream().filter(r -> r.type() == type).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one handler for " + type + " in " + registrations);
        }
        return found.get(0);
    }

    @SuppressWarnings("unchecked")
    void deliver(Class<?> type, Object message) {
        ((MessageHandler.Whole<Object>) only(type).handler()).onMessage(message);
    }

    @SuppressWarnings("unchecked")
    void deliver(Class<?> type, Object message, boolean last) {
        ((MessageHandler.Partial<Object>) only(type).handler()).onMessage(message, last);
    }

}
