package dev.onramp.websocket.session;

import jakarta.websocket.CloseReason;
import jakarta.websocket.EncodeException;
import jakarta.websocket.Extension;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;

import java.io.IOException;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Onramp's {@link Session}: the application's view of one connection. The work happens in
 * {@link WebSocketConnection} and its parts; this class keeps the session's coders and handlers, answers the API
 * from its {@link SessionSettings}, and tells the connection what the application changed.
 */
final class OnrampSession implements Session, Replies {

    private static final AtomicLong IDS = new AtomicLong();
    private static final String ID_PREFIX = Long.toHexString(System.nanoTime() ^ System.identityHashCode(IDS)) + "-";

    private final WebSocketConnection connection;
    private final SessionSetup setup;
    private final SessionSettings settings;
    private final boolean secure;
    private final String id = ID_PREFIX + IDS.incrementAndGet();
    private final Decoders decoders;
    private final Encoders encoders;
    private final MessageHandlers handlers;
    private final ApplicationCallbacks callbacks;
    private final OnrampRemoteEndpoint.Basic basic;
    private final OnrampRemoteEndpoint.Async async;

    private volatile boolean open = true;

    /**
     * @param connection the engine under this session, told when the application closes the session or changes
     *     what the engine reads (handlers, limits, the idle timeout)
     */
    OnrampSession(WebSocketConnection connection, SessionSetup setup, SessionSettings settings, MessageSender sender,
            boolean secure, int readThreadsForApplicationCode) {
        this.connection = connection;
        this.setup = setup;
        this.settings = settings;
        this.secure = secure;
        this.decoders = new Decoders(setup.config());
        this.encoders = new Encoders(setup.config());
        this.handlers = new MessageHandlers(decoders);
        this.callbacks = new ApplicationCallbacks(setup.endpoint(), setup.classLoader(),
                setup.container().callbackExecutor(), this, readThreadsForApplicationCode,
                setup.container().inlineCallbacks());
        this.basic = new OnrampRemoteEndpoint.Basic(sender, encoders, callbacks);
        this.async = new OnrampRemoteEndpoint.Async(sender, encoders, callbacks, settings.defaultAsyncSendTimeoutMs());
    }

    MessageHandlers handlers() {
        return handlers;
    }

    Decoders decoders() {
        return decoders;
    }

    /** How this session calls its application. */
    ApplicationCallbacks callbacks() {
        return callbacks;
    }

    /** The close callbacks have run: the session is closed for good. */
    void markClosed() {
        open = false;
        decoders.destroy();
        encoders.destroy();
    }

    @Override
    public WebSocketContainer getContainer() {
        return setup.container();
    }

    @Override
    public void addMessageHandler(MessageHandler handler) {
        requireHandler(handler);
        if (handler instanceof MessageHandler.Partial<?>) {
            add(GenericTypes.typeArgument(handler.getClass(), MessageHandler.Partial.class), handler, true);
        } else if (handler instanceof MessageHandler.Whole<?>) {
            add(GenericTypes.typeArgument(handler.getClass(), MessageHandler.Whole.class), handler, false);
        } else {
            throw new IllegalStateException("a message handler implements MessageHandler.Whole or MessageHandler.Partial: "
                    + handler.getClass().getName());
        }
    }

    @Override
    public <T> void addMessageHandler(Class<T> messageClass, MessageHandler.Whole<T> handler) {
        requireHandler(handler);
        add(messageClass, handler, false);
    }

    @Override
    public <T> void addMessageHandler(Class<T> messageClass, MessageHandler.Partial<T> handler) {
        requireHandler(handler);
        add(messageClass, handler, true);
    }

    private void add(Class<?> type, MessageHandler handler, boolean partial) {
        handlers.add(type, handler, partial);
        connection.limitsChanged();
    }

    private static void requireHandler(MessageHandler handler) {
        if (handler == null) {
            throw new IllegalArgumentException("message handler must not be null");
        }
    }

    @Override
    public Set<MessageHandler> getMessageHandlers() {
        return handlers.all();
    }

    @Override
    public void removeMessageHandler(MessageHandler handler) {
        handlers.remove(handler);
        connection.limitsChanged();
    }

    @Override
    public String getProtocolVersion() {
        return "13";
    }

    @Override
    public String getNegotiatedSubprotocol() {
        return setup.subprotocol();
    }

    @Override
    public List<Extension> getNegotiatedExtensions() {
        return setup.extensions();
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public long getMaxIdleTimeout() {
        return settings.maxIdleTimeoutMs();
    }

    @Override
    public void setMaxIdleTimeout(long milliseconds) {
        settings.maxIdleTimeoutMs(milliseconds);
        connection.idleTimeoutChanged();
    }

    @Override
    public void setMaxBinaryMessageBufferSize(int length) {
        settings.maxBinaryMessageBufferSize(length);
        connection.limitsChanged();
    }

    @Override
    public int getMaxBinaryMessageBufferSize() {
        return settings.maxBinaryMessageBufferSize();
    }

    @Override
    public void setMaxTextMessageBufferSize(int length) {
        settings.maxTextMessageBufferSize(length);
        connection.limitsChanged();
    }

    @Override
    public int getMaxTextMessageBufferSize() {
        return settings.maxTextMessageBufferSize();
    }

    @Override
    public RemoteEndpoint.Async getAsyncRemote() {
        return async;
    }

    @Override
    public RemoteEndpoint.Basic getBasicRemote() {
        return basic;
    }

    @Override
    public void sendReply(Object result) throws IOException, EncodeException {
        basic.sendReply(result);
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public void close() throws IOException {
        close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, ""));
    }

    @Override
    public void close(CloseReason closeReason) throws IOException {
        connection.close(closeReason == null ? new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "") : closeReason);
    }

    @Override
    public URI getRequestURI() {
        return setup.requestUri();
    }

    @Override
    public Map<String, List<String>> getRequestParameterMap() {
        return setup.requestParameters();
    }

    @Override
    public String getQueryString() {
        return setup.queryString();
    }

    @Override
    public Map<String, String> getPathParameters() {
        return setup.pathParameters();
    }

    @Override
    public Map<String, Object> getUserProperties() {
        return settings.userProperties();
    }

    @Override
    public Principal getUserPrincipal() {
        return setup.userPrincipal();
    }

    @Override
    public Set<Session> getOpenSessions() {
        return setup.endpointSessions().snapshot();
    }

    @Override
    public String toString() {
        return "OnrampSession[" + id + " " + setup.requestUri() + (open ? "" : " closed") + "]";
    }
}
