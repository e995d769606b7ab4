package dev.onramp.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The JDK's java.net.http.WebSocket, collecting whole messages and the close into futures and queues. */
public final class Clients {

    private Clients() {
    }

    /** A JDK WebSocket with its received messages (a subclass may change the demand it starts with). */
    public static class Jdk implements WebSocket.Listener {
        public final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
        public final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        private StringBuilder text = new StringBuilder();
        private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();
        public WebSocket socket;

        public static Jdk connect(URI uri, String... subprotocols) throws Exception {
            return connect(uri, new Jdk(), subprotocols);
        }

        static Jdk connect(URI uri, Jdk listener, String... subprotocols) throws Exception {
            return connect(HttpClient.newHttpClient(), uri, listener, subprotocols);
        }

        static Jdk connect(HttpClient client, URI uri, Jdk listener, String... subprotocols) throws Exception {
            WebSocket.Builder builder = client.newWebSocketBuilder();
            if (subprotocols.length > 0) {
                builder.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
            }
            listener.socket = builder.buildAsync(uri, listener).get(20, TimeUnit.SECONDS);
            return listener;
        }

        public Object next() throws InterruptedException {
            return next(20);
        }

        public Object next(long seconds) throws InterruptedException {
            Object message = messages.poll(seconds, TimeUnit.SECONDS);
            if (message == null) {
                throw new AssertionError("no message within " + seconds + " s");
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
            // appended in place: a 16 MiB message arrives in many pieces, and joining copies would be quadratic
            byte[] piece = new byte[data.remaining()];
            data.get(piece);
            binary.writeBytes(piece);
            if (last) {
                messages.add(binary.toByteArray());
                binary.reset();
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

    /** A JDK client that asks for nothing when the connection opens: it takes no frame until the test asks. */
    static final class HeldOff extends Jdk {
        @Override
        public void onOpen(WebSocket webSocket) {
            // no request(1)
        }

        /**
         * Sends {@code payload} as one binary message and takes no frame for {@code holdOffMillis} (the scenario, not
         * a wait): the echo must then arrive whole, and the connection still work both ways and close with 1000.
         */
        void echoAfterHoldingOff(byte[] payload, long holdOffMillis) throws Exception {
            socket.sendBinary(ByteBuffer.wrap(payload), true).get(60, TimeUnit.SECONDS);
            Executor later = CompletableFuture.delayedExecutor(holdOffMillis, TimeUnit.MILLISECONDS);
            CompletableFuture.runAsync(() -> socket.request(1), later);
            assertThat((byte[]) next(60)).isEqualTo(payload);
            socket.sendText("after", true).get(20, TimeUnit.SECONDS);
            assertThat(next(20)).isEqualTo("after");
            socket.sendClose(1000, "done").get(20, TimeUnit.SECONDS);
            assertThat(closeCode.get(20, TimeUnit.SECONDS)).isEqualTo(1000);
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
