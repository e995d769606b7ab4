package dev.onramp.websocket.client;

import dev.onramp.websocket.transport.Transport;
import dev.onramp.websocket.transport.TransportHandler;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * Reads one HTTP response head from a transport, demand by demand, and completes a future with it. Reading stops
 * at the blank line: a body (of an error answer) is never waited for, and bytes after the head are kept for
 * whoever takes the stream over.
 */
final class HttpResponseReader implements TransportHandler {

    /** A response head larger than this is not an answer we can use. */
    static final int MAX_HEAD_BYTES = 64 * 1024;

    private final Transport transport;
    private final CompletableFuture<HttpResponseHead> result = new CompletableFuture<>();
    private byte[] head = new byte[1024];
    private int length;

    private HttpResponseReader(Transport transport) {
        this.transport = transport;
    }

    /** Starts reading the response from the transport (which becomes this reader's until the future completes). */
    static CompletableFuture<HttpResponseHead> read(Transport transport) {
        HttpResponseReader reader = new HttpResponseReader(transport);
        transport.start(reader);
        return reader.result;
    }

    @Override
    public void onData(ByteBuffer data) {
        if (result.isDone()) {
            return;
        }
        while (data.hasRemaining()) {
            if (length == head.length) {
                if (length >= MAX_HEAD_BYTES) {
                    result.completeExceptionally(new IOException("HTTP response head larger than " + MAX_HEAD_BYTES + " bytes"));
                    return;
                }
                head = Arrays.copyOf(head, Math.min(MAX_HEAD_BYTES, length * 2));
            }
            head[length++] = data.get();
            if (length >= 4 && head[length - 1] == '\n' && head[length - 2] == '\r' && head[length - 3] == '\n'
                    && head[length - 4] == '\r') {
                ByteBuffer rest = ByteBuffer.allocate(data.remaining());
                rest.put(data).flip();
                try {
                    result.complete(HttpResponseHead.parse(head, length - 4, rest));
                } catch (IllegalArgumentException e) {
                    result.completeExceptionally(new IOException(e.getMessage(), e));
                }
                return;
            }
        }
        transport.demand();
    }

    @Override
    public void onEndOfInput() {
        result.completeExceptionally(new EOFException(length == 0
                ? "the server closed the connection without an answer"
                : "the server closed the connection in the middle of its answer"));
    }

    @Override
    public void onFailure(Throwable cause) {
        result.completeExceptionally(cause);
    }
}
