package dev.onramp.websocket.endpoint;

import dev.onramp.websocket.session.MessageKind;
import dev.onramp.websocket.session.Replies;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;

import java.lang.reflect.InvocationTargetException;

/**
 * The {@link Endpoint} that drives one POJO instance for one session: {@link #onOpen} applies the
 * {@code maxMessageSize}s and registers one message handler per {@code @OnMessage} method, then calls
 * {@code @OnOpen}. Exceptions thrown by {@code @OnMessage} and {@code @OnClose} (and failed sends of
 * {@code @OnMessage} return values) go to the POJO's {@code @OnError} method, or are logged at WARNING when it has
 * none. An exception thrown by {@code @OnOpen} leaves {@link #onOpen} unchanged (even a checked one), for the
 * session layer to route to {@link #onError} and close the session.
 */
final class AnnotatedEndpoint extends Endpoint {

    private static final System.Logger LOG = System.getLogger(AnnotatedEndpoint.class.getName());

    private final AnnotatedEndpointModel model;
    private final Object pojo;

    AnnotatedEndpoint(AnnotatedEndpointModel model, Object pojo) {
        this.model = model;
        this.pojo = pojo;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        for (MessageCallback mc : model.onMessage()) {
            applyMaxMessageSize(session, mc);
            register(session, mc);
        }
        CallbackMethod open = model.onOpen();
        if (open != null) {
            try {
                open.invoke(pojo, CallContext.open(session, config));
            } catch (Throwable t) {
                // Unchanged, so that @OnError sees what @OnOpen threw: the session layer passes an exception from
                // Endpoint.onOpen to onError (hence @OnError) and then closes with 1011, as Tomcat does; a session
                // whose @OnOpen failed is not left half-initialised.
                throw AnnotatedEndpoint.<RuntimeException>propagate(unwrap(t));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E propagate(Throwable t) throws E {
        throw (E) t;
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        CallbackMethod close = model.onClose();
        if (close != null) {
            try {
                close.invoke(pojo, CallContext.close(session, closeReason));
            } catch (Throwable t) {
                onError(session, t);
            }
        }
    }

    @Override
    public void onError(Session session, Throwable thr) {
        Throwable error = unwrap(thr);
        CallbackMethod handler = model.onError();
        if (handler == null) {
            LOG.log(System.Logger.Level.WARNING, () -> "Endpoint " + model.pojoClass().getName()
                    + " has no @OnError method; error on session " + idOf(session), error);
            return;
        }
        try {
            handler.invoke(pojo, CallContext.error(session, error));
        } catch (Throwable t) {
            Throwable cause = unwrap(t);
            cause.addSuppressed(error);
            LOG.log(System.Logger.Level.WARNING, () -> "@OnError method " + handler + " threw while handling "
                    + error, cause);
        }
    }

    private static void applyMaxMessageSize(Session session, MessageCallback mc) {
        long max = mc.maxMessageSize();
        if (max <= 0) {
            return; // -1 (the default) leaves the container's limit in place
        }
        int size = (int) Math.min(max, Integer.MAX_VALUE);
        if (mc.kind() == MessageKind.TEXT) {
            session.setMaxTextMessageBufferSize(size);
        } else if (mc.kind() == MessageKind.BINARY) {
            session.setMaxBinaryMessageBufferSize(size);
        }
    }

    @SuppressWarnings("unchecked")
    private void register(Session session, MessageCallback mc) {
        Class<Object> type = (Class<Object>) mc.messageType();
        if (mc.partial()) {
            session.addMessageHandler(type, new MessageHandler.Partial<Object>() {
                @Override
                public void onMessage(Object partialMessage, boolean last) {
                    deliver(session, mc, partialMessage, last);
                }
            });
        } else {
            session.addMessageHandler(type, new MessageHandler.Whole<Object>() {
                @Override
                public void onMessage(Object message) {
                    deliver(session, mc, message, true);
                }
            });
        }
    }

    private void deliver(Session session, MessageCallback mc, Object message, boolean last) {
        Object result;
        try {
            result = mc.method().invokeWithMessage(pojo, session, message, last);
        } catch (Throwable t) {
            onError(session, t);
            return;
        }
        if (result != null) {
            try {
                if (session instanceof Replies replies) {
                    replies.sendReply(result); // small answers to one read leave in one write
                } else {
                    session.getBasicRemote().sendObject(result);
                }
            } catch (Throwable t) {
                onError(session, t);
            }
        }
    }

    private static Throwable unwrap(Throwable t) {
        while (t instanceof InvocationTargetException ite && ite.getCause() != null) {
            t = ite.getCause();
        }
        return t;
    }

    private static String idOf(Session session) {
        try {
            return session == null ? "?" : session.getId();
        } catch (RuntimeException e) {
            return "?";
        }
    }

    @Override
    public String toString() {
        return "AnnotatedEndpoint[" + pojo + "]";
    }
}
