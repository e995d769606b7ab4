package dev.onramp.sample.adversarial;

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
 * {@link #ECHO_TIMEOUT_SECONDS}; anything else (a late or wrong echo, an error, a close) is a failure that the next
 * {@link #assertServedSince} reports.
 */
final class Witness implements AutoCloseable {

    static final long ECHO_TIMEOUT_SECONDS = 20;
    private static final Executor PACE = CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS);

    private final Object lock = new Object();
    private final List<String> failures = new ArrayList<>();
    private long echoed;
    private volatile boolean closing;
    private final WebSocket socket;
    private CompletableFuture<String> reply;
    private StringBuilder text = new StringBuilder();

    private Witness(URI uri) throws Exception {
        socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, new Listener())
                .get(ECHO_TIMEOUT_SECONDS, TimeUnit.SECONDS);
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

    private void roundTrip(long n) {
        if (closing) {
            return;
        }
        String message = "witness " + n;
        CompletableFuture<String> answer = new CompletableFuture<>();
        synchronized (lock) {
            reply = answer;
        }
        socket.sendText(message, true).whenComplete((ws, sendFailure) -> {
            if (sendFailure != null) {
                answer.completeExceptionally(sendFailure);
            }
        });
        answer.orTimeout(ECHO_TIMEOUT_SECONDS, TimeUnit.SECONDS).whenComplete((echo, failure) -> {
            if (closing) {
                return;
            }
            synchronized (lock) {
                if (failure != null) {
                    failures.add("echo " + n + ": " + failure);
                } else if (!message.equals(echo)) {
                    failures.add("echo " + n + " came back as '" + echo + "'");
                } else {
                    echoed++;
                }
                lock.notifyAll();
            }
            if (failure == null) {
                CompletableFuture.runAsync(() -> roundTrip(n + 1), PACE);
            }
        });
    }

    @Override
    public void close() {
        closing = true;
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String whole = text.toString();
                text = new StringBuilder();
                CompletableFuture<String> waiting;
                synchronized (lock) {
                    waiting = reply;
                }
                waiting.complete(whole);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            fail("the connection was closed with " + statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            fail("the connection failed: " + error);
        }

        private void fail(String why) {
            if (closing) {
                return;
            }
            CompletableFuture<String> waiting;
            synchronized (lock) {
                waiting = reply;
            }
            waiting.completeExceptionally(new IllegalStateException(why));
        }
    }
}
