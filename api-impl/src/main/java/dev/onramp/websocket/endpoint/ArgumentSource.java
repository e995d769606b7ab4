package dev.onramp.websocket.endpoint;

import jakarta.websocket.DecodeException;

/** Supplies one argument of a callback method from the invocation's {@link CallContext}. */
@FunctionalInterface
interface ArgumentSource {

    /**
     * Produces the argument.
     *
     * @throws DecodeException when a path parameter cannot be converted to the parameter's type
     */
    Object resolve(CallContext context) throws DecodeException;

    /** The session the callback runs for. */
    ArgumentSource SESSION = CallContext::session;
    /** The message (or part of it) an {@code @OnMessage} method receives. */
    ArgumentSource MESSAGE = CallContext::message;
    /** Whether the part an {@code @OnMessage} method receives is the message's last. */
    ArgumentSource LAST = CallContext::last;
}
