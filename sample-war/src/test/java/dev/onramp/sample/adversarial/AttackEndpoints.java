package dev.onramp.sample.adversarial;

import jakarta.websocket.CloseReason;
import jakarta.websocket.OnMessage;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Endpoints the suite adds to the sample WAR ({@link ProtectedSampleWar} copies these classes into
 * {@code WEB-INF/classes}, where the containers' scan finds them), for attacks the sample's own endpoints cannot
 * provoke: a close the server starts and then waits to have answered, a registered pong handler, and a session with
 * an idle timeout.
 */
public final class AttackEndpoints {

    private AttackEndpoints() {
    }

    /** {@code close CODE} makes the server start a close handshake with that code; anything else is echoed. */
    @ServerEndpoint("/attack/closer")
    public static class Closer {
        @OnMessage
        public String onText(String text, Session session) throws IOException {
            if (text.startsWith("close ")) {
                int code = Integer.parseInt(text.substring(6));
                session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), "asked to"));
                return null;
            }
            return text;
        }
    }

    /**
     * {@code N} makes the server queue N binary messages of 64 KiB with asynchronous sends (a send that finds the
     * queue full fails, which is ignored) and then close the session: against a peer that reads nothing, the close
     * frame cannot be written.
     */
    @ServerEndpoint("/attack/flood-then-close")
    public static class FloodThenClose {
        @OnMessage
        public void onText(String text, Session session) throws IOException {
            byte[] block = new byte[64 * 1024];
            for (int i = 0, n = Integer.parseInt(text.trim()); i < n; i++) {
                session.getAsyncRemote().sendBinary(java.nio.ByteBuffer.wrap(block));
            }
            session.close();
        }
    }

    /**
     * Answers every text message with one binary message of 16 MiB sent with a blocking send (all sessions send the
     * same bytes, so a thousand stuck sends cost no more heap than one): against a peer that reads nothing, the send
     * waits in the message handler. The text says what else happens: {@code close-in MS} closes the session from
     * another thread after MS ms, {@code timeout MS} gives the session a blocking send timeout of MS ms, {@code send}
     * nothing else (the send waits its default timeout, 60 s, or until the connection ends).
     */
    @ServerEndpoint("/attack/stuck-send")
    public static class StuckSend {
        /** The bytes sent, allocated once per application on the first use (direct: the sockets take it as it is). */
        private static final java.nio.ByteBuffer BLOCK =
                java.nio.ByteBuffer.allocateDirect(16 * 1024 * 1024).asReadOnlyBuffer();

        @OnMessage
        public void onText(String text, Session session) throws IOException {
            String[] words = text.trim().split(" ");
            if (words[0].equals("close-in")) {
                java.util.concurrent.CompletableFuture.delayedExecutor(Long.parseLong(words[1]), TimeUnit.MILLISECONDS,
                                task -> new Thread(task, "close-in").start()) // the WAR's classes only; not the common pool
                        .execute(() -> {
                            try {
                                session.close();
                            } catch (IOException ignored) {
                                // the session is closing already
                            }
                        });
            } else if (words[0].equals("timeout")) {
                session.getUserProperties().put("dev.onramp.websocket.blockingSendTimeout", Long.parseLong(words[1]));
            }
            session.getBasicRemote().sendBinary(BLOCK.duplicate());
        }
    }

    /**
     * Reads each text message as a stream and answers its length: the callback waits in the stream's read for every
     * fragment, so a peer that sends the first fragment and no more keeps a callback thread waiting.
     */
    @ServerEndpoint("/attack/stream")
    public static class Stream {
        @OnMessage
        public String onText(java.io.Reader message) throws IOException {
            long length = 0;
            char[] buffer = new char[8192];
            for (int n; (n = message.read(buffer)) >= 0; ) {
                length += n;
            }
            return "length=" + length;
        }
    }

    /**
     * Has a handler for pongs that holds the first pong until any session of this endpoint sends {@code open} (so
     * pongs arrive faster than they are handled), and answers {@code pongs?} with the count handled.
     */
    @ServerEndpoint("/attack/pongs")
    public static class Pongs {
        private static final CountDownLatch GATE = new CountDownLatch(1);
        private final AtomicLong pongs = new AtomicLong();

        @OnMessage
        public void onPong(PongMessage pong) throws InterruptedException {
            GATE.await(60, TimeUnit.SECONDS);
            pongs.incrementAndGet();
        }

        @OnMessage
        public String onText(String text) {
            if (text.equals("open")) {
                GATE.countDown();
                return "opened";
            }
            return "pongs=" + pongs.get();
        }
    }

    /** A session with a 1 s idle timeout ({@link #TIMEOUT_MS}) that echoes text. */
    @ServerEndpoint("/attack/idle")
    public static class Idle {
        static final long TIMEOUT_MS = 1_000;

        @jakarta.websocket.OnOpen
        public void onOpen(Session session) {
            session.setMaxIdleTimeout(TIMEOUT_MS);
        }

        @OnMessage
        public String onText(String text) {
            return text;
        }
    }
}
