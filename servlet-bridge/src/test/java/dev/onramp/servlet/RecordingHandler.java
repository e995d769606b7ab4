package dev.onramp.servlet;

import dev.onramp.websocket.transport.TransportHandler;

import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link TransportHandler} of the transport tests: counts what arrives, remembers a failure and the end of
 * input, and does with each buffer what the test says (by default it takes the bytes and asks for nothing more: an
 * application still busy).
 */
final class RecordingHandler implements TransportHandler {

    final CountDownLatch firstData = new CountDownLatch(1);
    final CountDownLatch endOfInput = new CountDownLatch(1);
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Consumer<ByteBuffer> onData;

    private RecordingHandler(Consumer<ByteBuffer> onData) {
        this.onData = onData;
    }

    /** Takes each buffer's bytes and demands nothing more. */
    static RecordingHandler busy() {
        return new RecordingHandler(data -> data.position(data.limit()));
    }

    /** Hands each buffer to {@code action} (which decides whether and when to demand again). */
    static RecordingHandler onData(Consumer<ByteBuffer> action) {
        return new RecordingHandler(action);
    }

    /** Waits (up to 10 s) for the first bytes. */
    void awaitFirstData() throws InterruptedException {
        assertThat(firstData.await(10, TimeUnit.SECONDS)).as("bytes within 10 s").isTrue();
    }

    @Override
    public void onData(ByteBuffer data) {
        onData.accept(data);
        firstData.countDown();
    }

    @Override
    public void onEndOfInput() {
        endOfInput.countDown();
    }

    @Override
    public void onFailure(Throwable cause) {
        failure.compareAndSet(null, cause);
    }
}
