/**
 * Layer 3, the session: the Jakarta {@code Session} and {@code RemoteEndpoint}s over one connection. A
 * {@link dev.onramp.websocket.session.WebSocketConnection} wires its parts, each with one job: reading
 * ({@code ReadLoop}), message dispatch to handlers ({@code MessageDispatcher}), sending ({@code MessageSender},
 * {@code OutboundQueue}), the close lifecycle ({@code CloseLifecycle}), the idle timeout ({@code IdleTimer}), calling
 * the application ({@code ApplicationCallbacks}, on the {@code CallbackPool}) and the session's settings
 * ({@code SessionSettings}). Also the container base class, the coders, and the rules shared with deployment
 * ({@link dev.onramp.websocket.session.MessageKind}, {@link dev.onramp.websocket.session.GenericTypes}). Uses the
 * protocol and transport layers; knows nothing of annotated endpoints, the client or servlets.
 */
package dev.onramp.websocket.session;
