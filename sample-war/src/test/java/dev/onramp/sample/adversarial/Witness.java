package dev.onramp.sample.adversarial;

import dev.onramp.testing.TestThreads;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The well-behaved client that keeps talking to the server while the attacks run: the JDK's WebSocket client, echoing
 * one text message after another on {@code /echo}, a few dozen a second. Each echo must come back whole within
 * {@link #ECHO_TIMEOUT_SECONDS}; anything else (a late or wrong echo, an error, a close it did not ask for) is a
 * failure that the next {@link #assertServedSince} reports.
 *
 * <p>It closes its connection (1000, and the server must answer 1000) and opens a new one every
 * {@link #CONNECTION_SECONDS}: Jetty drops an upgraded connection after its connector's 30 s idle timeout even while
 * it is busy (issue 12, item 6; {@code IdleTimeoutPendingIT} pins it), which this client must not mistake for an
 * attack's effect. Each renewal is a handshake and a close handshake the server must also get right under attack.
 */
final class Witness implements AutoCloseable {

    static final long ECHO_TIMEOUT_SECONDS = 20;
    /** The query string of the witness's connections, which tells its sessions apart ({@code /echo?witness}). */
    static final String QUERY = "witness";
    private static final long CONNECTION_SECONDS = 10;
    private static final Executor PACE = TestThreads.after(20, TimeUnit.MILLISECONDS);

    private final URI uri;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Object lock = new Object();
    private final List<String> failures = new ArrayList<>();
    private long echoed;
    private volatile boolean closing;
    private volatile Connection current;

    private Witness(URI uri) throws Exception {
        this.uri = uri;
        current = new Connection();
        roundTrip(0);
    }

    static Witness start(URI echo) throws Exception {
        return new Witness(echo);
    }

    /** Echoes that came back so far. */
    long echoed() {
        synchronized (lock) {
            return echoed;
        }
    }

    /**
     * Waits until two more echoes than {@code mark} came back (so at least one was sent and answered after the mark),
     * then fails if any echo failed since the last call.
     */
    void assertServedSince(long mark) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2 * ECHO_TIMEOUT_SECONDS);
        synchronized (lock) {
            while (echoed < mark + 2 && failures.isEmpty()) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    failures.add("no echo came back within " + 2 * ECHO_TIMEOUT_SECONDS + " s (" + echoed + " so far)");
                    break;
                }
                lock.wait(left);
            }
            if (!failures.isEmpty()) {
                List<String> seen = List.copyOf(failures);
                failures.clear();
                throw new AssertionError("the well-behaved client was not served: " + seen);
            }
        }
    }

    private void fail(String what) {
        synchronized (lock) {
            failures.add(what);
            lock.notifyAll();
        }
    }

    private void roundTrip(long n) {
        if (closing) {
            return;
        }
        Connection c = current;
        String message = "witness " + n;
        c.echo(message).orTimeout(ECHO_TIMEOUT_SECONDS, TimeUnit.SECONDS).whenComplete((echo, failure) -> {
            if (closing) {
                return;
            }
            if (failure != null) {
                fail("echo " + n + ": " + failure);
                return;
            }
            if (!message.equals(echo)) {
                fail("echo " + n + " came back as '" + echo + "'");
                return;
            }
            synchronized (lock) {
                echoed++;
                lock.notifyAll();
            }
            CompletableFuture.runAsync(() -> {
                if (System.nanoTime() - c.opened > TimeUnit.SECONDS.toNanos(CONNECTION_SECONDS) && !renew(c)) {
                    return;
                }
                roundTrip(n + 1);
            }, PACE);
        });
    }

    /** Closes the connection with 1000 (the server must answer 1000) and opens the next; false on failure. */
    private boolean renew(Connection old) {
        old.closeAsked = true;
        try {
            old.socket.sendClose(1000, "renewing").get(ECHO_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            int code = old.closeCode.get(ECHO_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (code != 1000) {
                fail("the server answered the close with " + code);
                return false;
            }
            current = new Connection();
            return true;
        } catch (Exception e) {
            if (!closing) {
                fail("renewing the connection: " + e);
            }
            return false;
        }
    }

    @Override
    public void close() {
        closing = true;
        current.socket.abort();
    }

    /** One connection of the witness, with the echo it waits for. */
    private final class Connection implements WebSocket.Listener {
        final long opened = System.nanoTime();
        final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        final WebSocket socket;
        private StringBuilder text = new StringBuilder();
        private volatile CompletableFuture<String> reply = new CompletableFuture<>();
        volatile boolean closeAsked;

        Connection() throws Exception {
            socket = http.newWebSocketBuilder().buildAsync(uri, this).get(ECHO_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }

        CompletableFuture<String> echo(String message) {
            CompletableFuture<String> answer = new CompletableFuture<>();
            reply = answer;
            socket.sendText(message, true).whenComplete((ws, sendFailure) -> {
                if (sendFailure != null) {
                    answer.completeExceptionally(sendFailure);
                }
            });
            return answer;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String whole = text.toString();
                text = new StringBuilder();
                reply.complete(whole);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode.complete(statusCode);
            if (!closing && !closeAsked && this == current) {
                reply.completeExceptionally(new IllegalStateException("the server closed the connection with "
                        + statusCode + " " + reason));
            }
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.completeExceptionally(error);
            reply.completeExceptionally(new IllegalStateException("the connection failed", error));
        }
    }
}
