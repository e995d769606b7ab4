package dev.onramp.testing;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A conversation over the JDK's {@code java.net.http.WebSocket}, a client Onramp did not write: whole messages are
 * queued as they arrive (a {@code String} for text, a {@code byte[]} for binary), the server's close code completes
 * {@link #closeCode}, and every wait has a generous timeout so a missing answer fails the test instead of hanging
 * it. A subclass may change what the listener does (e.g. take no frame until the test asks).
 */
public class JdkClient implements WebSocket.Listener, AutoCloseable {

    /** How long each wait of this class lasts at most. */
    public static final long TIMEOUT_SECONDS = 30;

    /** Whole messages received, oldest first. */
    public final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
    /** The server's close code, or the connection's failure. */
    public final CompletableFuture<Integer> closeCode = new CompletableFuture<>();

    private final StringBuilder text = new StringBuilder();
    // appended in place: a 16 MiB message arrives in many pieces, and joining copies would be quadratic
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
    private volatile WebSocket socket;

    /** Connects a new client to {@code uri}, offering the subprotocols in order. */
    public static JdkClient connect(URI uri, String... subprotocols) throws Exception {
        return connect(uri, new JdkClient(), subprotocols);
    }

    /** Connects {@code client} (a subclass, say) to {@code uri}. */
    public static <T extends JdkClient> T connect(URI uri, T client, String... subprotocols) throws Exception {
        return connect(HttpClient.newHttpClient(), uri, client, subprotocols);
    }

    /** Connects {@code client} through an HTTP client of the test's (e.g. one with an SSLContext for wss). */
    public static <T extends JdkClient> T connect(HttpClient http, URI uri, T client, String... subprotocols)
            throws Exception {
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(TIMEOUT_SECONDS));
        if (subprotocols.length > 0) {
            builder.subprotocols(subprotocols[0], Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        ((JdkClient) client).socket = builder.buildAsync(uri, client).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return client;
    }

    /** The JDK's WebSocket, for what this class does not wrap. */
    public WebSocket socket() {
        return socket;
    }

    /** Sends a whole text message and waits until it went out. */
    public void sendText(String message) throws Exception {
        socket.sendText(message, true).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Sends a whole binary message and waits until it went out. */
    public void sendBinary(byte[] message) throws Exception {
        socket.sendBinary(ByteBuffer.wrap(message), true).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** The next whole message, waiting up to {@link #TIMEOUT_SECONDS}. */
    public Object next() throws InterruptedException {
        return next(TIMEOUT_SECONDS);
    }

    /** The next whole message, waiting up to {@code seconds}; fails the test when none comes. */
    public Object next(long seconds) throws InterruptedException {
        Object message = messages.poll(seconds, TimeUnit.SECONDS);
        if (message == null) {
            throw new AssertionError("no message within " + seconds + " s");
        }
        return message;
    }

    /** The next whole message, which must be text. */
    public String nextText() throws InterruptedException {
        Object message = next();
        if (!(message instanceof String s)) {
            throw new AssertionError("expected a text message, got " + message);
        }
        return s;
    }

    /** The next {@code count} whole messages. */
    public List<Object> nextMessages(int count) throws InterruptedException {
        List<Object> got = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            got.add(next());
        }
        return got;
    }

    /** Sends a close frame (1000) and waits for the server's; returns the server's status code. */
    public int closeNormally() throws Exception {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return closeCode.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Drops the connection (no close handshake). */
    @Override
    public void close() {
        WebSocket s = socket;
        if (s != null) {
            s.abort();
        }
    }

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
