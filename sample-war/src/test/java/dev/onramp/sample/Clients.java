package dev.onramp.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The JDK's java.net.http.WebSocket, collecting whole messages and the close into futures and queues. */
final class Clients {

    private Clients() {
    }

    /** A JDK WebSocket with its received messages. */
    static final class Jdk implements WebSocket.Listener {
        final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        private StringBuilder text = new StringBuilder();
        private ByteBuffer binary = ByteBuffer.allocate(0);
        WebSocket socket;

        static Jdk connect(URI uri, String... subprotocols) throws Exception {
            Jdk listener = new Jdk();
            WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
            if (subprotocols.length > 0) {
                builder.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
            }
            listener.socket = builder.buildAsync(uri, listener).get(20, TimeUnit.SECONDS);
            return listener;
        }

        Object next() throws InterruptedException {
            Object message = messages.poll(20, TimeUnit.SECONDS);
            if (message == null) {
                throw new AssertionError("no message within 20 s");
            }
            return message;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                messages.add(text.toString());
                text = new StringBuilder();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            ByteBuffer joined = ByteBuffer.allocate(binary.remaining() + data.remaining());
            joined.put(binary).put(data).flip();
            binary = joined;
            if (last) {
                byte[] bytes = new byte[binary.remaining()];
                binary.get(bytes);
                messages.add(bytes);
                binary = ByteBuffer.allocate(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.completeExceptionally(error);
        }
    }

    static List<Object> drain(Jdk client, int count) throws InterruptedException {
        Object[] got = new Object[count];
        for (int i = 0; i < count; i++) {
            got[i] = client.next();
        }
        return List.of(got);
    }
}
