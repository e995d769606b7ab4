package dev.onramp.websocket.endpoint;

import dev.onramp.websocket.session.MessageKind;

/**
 * A compiled {@code @OnMessage} method: how the session must deliver its messages and the method to call.
 *
 * @param method the bound method
 * @param kind text, binary or pong
 * @param messageType the class to register with the session (a primitive parameter's box)
 * @param partial whether the method takes partial messages with a {@code boolean last}
 * @param maxMessageSize the annotation's limit, -1 for none
 */
record MessageCallback(CallbackMethod method, MessageKind kind, Class<?> messageType, boolean partial,
        long maxMessageSize) {
}
