package dev.onramp.websocket.client;

import dev.onramp.websocket.transport.Transport;
import dev.onramp.websocket.transport.WriteCallback;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/** One HTTP exchange on a transport: send a request head, read the response head. */
final class WriteThenRead {

    private WriteThenRead() {
    }

    /** Sends the request and completes with the response head, or fails with the first error of either side. */
    static CompletableFuture<HttpResponseHead> exchange(Transport transport, byte[] request) {
        CompletableFuture<HttpResponseHead> answer = HttpResponseReader.read(transport);
        transport.write(new ByteBuffer[] {ByteBuffer.wrap(request)}, true, new WriteCallback() {
            @Override
            public void completed() {
                // the answer arrives on the read side
            }

            @Override
            public void failed(Throwable cause) {
                answer.completeExceptionally(cause);
            }
        });
        return answer;
    }
}
