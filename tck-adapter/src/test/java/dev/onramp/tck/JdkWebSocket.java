package dev.onramp.tck;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A conversation with a server endpoint over the JDK's {@code java.net.http.WebSocket}, a client Onramp did not write.
 * Whole messages are queued as they arrive; every wait has a generous timeout so a missing answer fails the test.
 */
final class JdkWebSocket implements AutoCloseable {

    static final long TIMEOUT_SECONDS = 30;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final WebSocket socket;

    private JdkWebSocket(URI uri) throws Exception {
        socket = CLIENT.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(TIMEOUT_SECONDS))
                .buildAsync(uri, new Collector())
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Opens a WebSocket to {@code path} (relative, no leading slash) under the deployment's context root. */
    static JdkWebSocket connect(URL contextRoot, String path) throws Exception {
        return new JdkWebSocket(uri(contextRoot, path));
    }

    static URI uri(URL contextRoot, String path) {
        return URI.create("ws://" + contextRoot.getHost() + ":" + contextRoot.getPort() + contextRoot.getPath() + path);
    }

    void sendText(String text) throws Exception {
        socket.sendText(text, true).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    void sendBinary(byte[] bytes) throws Exception {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** The next whole message: a {@code String} for text, a {@code byte[]} for binary. */
    Object nextMessage() throws Exception {
        Object message = messages.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (message == null) {
            throw new TimeoutException("no message within " + TIMEOUT_SECONDS + " s");
        }
        return message;
    }

    String nextText() throws Exception {
        return (String) nextMessage();
    }

    /** Sends a close frame and waits for the server's close; returns the server's status code. */
    int closeNormally() throws Exception {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return closeCode.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        socket.abort();
    }

    private final class Collector implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private ByteBuffer binary = ByteBuffer.allocate(0);

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                messages.add(text.toString());
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            ByteBuffer joined = ByteBuffer.allocate(binary.remaining() + data.remaining());
            binary = joined.put(binary).put(data).flip();
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
}
