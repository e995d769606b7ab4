package dev.onramp.websocket.client;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;

import java.util.concurrent.CompletableFuture;

/**
 * Wraps the application's endpoint so {@code connectToServer} can return only after {@code onOpen} ran, as
 * applications expect (a session whose onOpen has not run yet surprises code that registers handlers there).
 */
final class OpenGate extends Endpoint {

    private final Endpoint delegate;
    private final CompletableFuture<Void> opened = new CompletableFuture<>();

    OpenGate(Endpoint delegate) {
        this.delegate = delegate;
    }

    /** Completes once onOpen returned or threw. */
    CompletableFuture<Void> opened() {
        return opened;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        try {
            delegate.onOpen(session, config);
        } finally {
            opened.complete(null);
        }
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        opened.complete(null);
        delegate.onClose(session, closeReason);
    }

    @Override
    public void onError(Session session, Throwable thr) {
        delegate.onError(session, thr);
    }
}
