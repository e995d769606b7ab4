package dev.onramp.websocket.session;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A programmatic endpoint that records its callbacks as strings ("open", "error:Type", "close:1000"). */
class RecordingEndpoint extends Endpoint {

    final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    volatile Session session;
    volatile Thread lastCallbackThread;
    private final Consumer<Session> onOpen;

    RecordingEndpoint(Consumer<Session> onOpen) {
        this.onOpen = onOpen;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        this.session = session;
        lastCallbackThread = Thread.currentThread();
        onOpen.accept(session);
        events.add("open");
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        lastCallbackThread = Thread.currentThread();
        events.add("close:" + closeReason.getCloseCode().getCode());
    }

    @Override
    public void onError(Session session, Throwable thr) {
        events.add("error:" + thr.getClass().getSimpleName());
    }

    /** The next event, waiting up to 10 s; fails when none comes. */
    String next() throws InterruptedException {
        String e = events.poll(10, TimeUnit.SECONDS);
        if (e == null) {
            throw new AssertionError("no event within 10 s");
        }
        return e;
    }

    void record(String event) {
        lastCallbackThread = Thread.currentThread();
        events.add(event);
    }
}
