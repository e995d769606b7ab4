package dev.onramp.websocket.client;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;

import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A programmatic client endpoint that records what happens to it, for tests to wait on. */
class ClientRecorder extends Endpoint {

    static final long WAIT_SECONDS = 20;

    final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Session> opened = new CompletableFuture<>();
    final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    final BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.addMessageHandler(String.class, messages::add);
        session.addMessageHandler(ByteBuffer.class, b -> {
            byte[] copy = new byte[b.remaining()];
            b.get(copy);
            messages.add(copy);
        });
        opened.complete(session);
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        closed.complete(closeReason);
    }

    @Override
    public void onError(Session session, Throwable thr) {
        errors.add(thr);
    }

    Object next() throws InterruptedException {
        Object m = messages.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("no message within " + WAIT_SECONDS + " s; errors: " + errors);
        }
        return m;
    }

    CloseReason awaitClose() throws Exception {
        return closed.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** A recorder whose handlers take whole messages in pieces. */
    static final class Partial extends ClientRecorder {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            StringBuilder text = new StringBuilder();
            session.addMessageHandler(String.class, (MessageHandler.Partial<String>) (piece, last) -> {
                text.append(piece);
                if (last) {
                    messages.add(text.toString());
                    text.setLength(0);
                }
            });
            opened.complete(session);
        }
    }
}
