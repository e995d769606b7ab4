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
}
