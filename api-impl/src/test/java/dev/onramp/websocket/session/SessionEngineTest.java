package dev.onramp.websocket.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onramp.websocket.protocol.Role;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Decoder;
import jakarta.websocket.Encoder;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** The session engine over an in-memory transport: bytes in, bytes and callbacks out. */
class SessionEngineTest {

    private final TestContainer container = new TestContainer();
    private final InMemoryTransport transport = new InMemoryTransport();

    private static EndpointConfig config() {
        return config(List.of());
    }

    private static EndpointConfig config(List<Class<? extends Encoder>> encoders) {
        Map<String, Object> props = new HashMap<>();
        return new EndpointConfig() {
            @Override
            public List<Class<? extends Encoder>> getEncoders() {
                return encoders;
            }

            @Override
            public List<Class<? extends Decoder>> getDecoders() {
                return List.of();
            }

            @Override
            public Map<String, Object> getUserProperties() {
                return props;
            }
        };
    }

    private RecordingEndpoint open(Consumer<Session> onOpen) throws InterruptedException {
        RecordingEndpoint endpoint = new RecordingEndpoint(onOpen);
        SessionSetup setup = SessionSetup.builder(Role.SERVER, endpoint, config(), container, new OpenSessions())
                .requestUri(URI.create("/test")).build();
        WebSocketConnection.open(transport, setup);
        assertThat(endpoint.next()).isEqualTo("open");
        return endpoint;
    }

    private static RecordingEndpoint echoing(RecordingEndpoint[] holder) {
        return holder[0];
    }

    /** An endpoint whose text handler echoes. */
    private RecordingEndpoint openEcho() throws InterruptedException {
        RecordingEndpoint[] self = new RecordingEndpoint[1];
        self[0] = open(s -> s.addMessageHandler(String.class, text -> {
            try {
                s.getBasicRemote().sendText(text);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }));
        return echoing(self);
    }

    @Test
    void echoesTextOnACallbackThreadNotTheIoThread() throws Exception {
        List<String> threads = new ArrayList<>();
        RecordingEndpoint endpoint = open(s -> s.addMessageHandler(String.class, text -> {
            threads.add(Thread.currentThread().getName());
            try {
                s.getBasicRemote().sendText(text.toUpperCase());
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }));
        transport.feed(WireFrames.clientText("hello"));
        List<WireFrames.Frame> frames = transport.awaitFrames(1);
        assertThat(frames.get(0).opcode()).isEqualTo(WireFrames.TEXT);
        assertThat(frames.get(0).text()).isEqualTo("HELLO");
        assertThat(threads).allSatisfy(name -> assertThat(name).doesNotContain("in-memory-io"));
        assertThat(endpoint.events).isEmpty();
    }

    @Test
    void pingInsideAFragmentedMessageIsAnsweredBeforeTheMessageEnds() throws Exception {
        openEcho();
        byte[] ping = "are you there".getBytes(StandardCharsets.UTF_8);
        transport.feed(WireFrames.concat(
                WireFrames.client(WireFrames.TEXT, false, "frag".getBytes(StandardCharsets.UTF_8)),
                WireFrames.client(WireFrames.PING, true, ping)));
        List<WireFrames.Frame> frames = transport.awaitFrames(1);
        assertThat(frames.get(0).opcode()).isEqualTo(WireFrames.PONG);
        assertThat(frames.get(0).payload()).isEqualTo(ping);
        transport.feed(WireFrames.client(WireFrames.CONT, true, "ment".getBytes(StandardCharsets.UTF_8)));
        frames = transport.awaitFrames(2);
        assertThat(frames.get(1).text()).isEqualTo("fragment");
    }

    @Test
    void answersACloseWithTheSameCodeThenDropsTheConnectionAndCallsOnCloseOnce() throws Exception {
        RecordingEndpoint endpoint = openEcho();
        transport.feed(WireFrames.clientClose(4001, "bye"));
        List<WireFrames.Frame> frames = transport.awaitFrames(1);
        assertThat(frames.get(0).opcode()).isEqualTo(WireFrames.CLOSE);
        assertThat(frames.get(0).closeCode()).isEqualTo(4001);
        assertThat(transport.awaitClosed(10)).isTrue();
        assertThat(endpoint.next()).isEqualTo("close:4001");
        transport.feedEndOfInput();
        assertThat(endpoint.events.poll(200, TimeUnit.MILLISECONDS)).isNull();
        assertThat(endpoint.session.isOpen()).isFalse();
    }

    @Test
    void aCloseWithoutCodeIsAnsweredWithoutCodeAndReportedAs1005() throws Exception {
        RecordingEndpoint endpoint = openEcho();
        transport.feed(WireFrames.client(WireFrames.CLOSE, true, new byte[0]));
        List<WireFrames.Frame> frames = transport.awaitFrames(1);
        assertThat(frames.get(0).payload()).isEmpty();
        assertThat(endpoint.next()).isEqualTo("close:1005");
    }

    @Test
    void aProtocolErrorClosesWith1002AndReachesOnErrorBeforeOnClose() throws Exception {
        RecordingEndpoint endpoint = openEcho();
        transport.feed(WireFrames.client(3, true, new byte[0])); // reserved opcode
        List<WireFrames.Frame> frames = transport.awaitFrames(1);
        assertThat(frames.get(0).closeCode()).isEqualTo(1002);
        assertThat(transport.awaitClosed(10)).isTrue();
        assertThat(endpoint.next()).startsWith("error:");
        assertThat(endpoint.next()).isEqualTo("close:1002");
    }

    @Test
    void aMessageOverTheLimitClosesWith1009FromTheHeaderAlone() throws Exception {
        RecordingEndpoint endpoint = open(s -> {
            s.setMaxTextMessageBufferSize(16);
            s.addMessageHandler(String.class, text -> { });
        });
        // a header announcing 1 MiB, and not one payload byte: the decision needs only the header
        byte[] header = {(byte) 0x81, (byte) (0x80 | 127), 0, 0, 0, 0, 0, 0x10, 0, 0, 1, 2, 3, 4};
        transport.feed(header);
        List<WireFrames.Frame> frames = transport.awaitFrames(1);
        assertThat(frames.get(0).closeCode()).isEqualTo(1009);
        assertThat(endpoint.next()).startsWith("error:");
        assertThat(endpoint.next()).isEqualTo("close:1009");
    }

    @Test
    void tcpLossWithoutCloseFrameGives1006ExactlyOnce() throws Exception {
        RecordingEndpoint endpoint = openEcho();
        transport.feedEndOfInput();
        assertThat(endpoint.next()).isEqualTo("close:1006");
        assertThat(transport.awaitClosed(10)).isTrue();
        assertThat(endpoint.events.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void idleTimeoutTellsThePeer1001AndTheApplication1006() throws Exception {
        RecordingEndpoint endpoint = open(s -> s.setMaxIdleTimeout(50));
        List<WireFrames.Frame> frames = transport.awaitFrames(1);
        assertThat(frames.get(0).closeCode()).isEqualTo(1001);
        assertThat(endpoint.next()).isEqualTo("close:1006");
    }

    @Test
    void localCloseSendsTheCodeAndTheServerDropsTcpWhenThePeerAnswers() throws Exception {
        RecordingEndpoint endpoint = openEcho();
        endpoint.session.close(new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, "later"));
        List<WireFrames.Frame> frames = transport.awaitFrames(1);
        assertThat(frames.get(0).closeCode()).isEqualTo(1013);
        assertThat(endpoint.next()).isEqualTo("close:1013");
        assertThat(transport.isClosed()).isFalse();
        transport.feed(WireFrames.clientClose(1013, ""));
        assertThat(transport.awaitClosed(10)).isTrue();
        assertThat(endpoint.events.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void aPeerThatNeverAnswersTheCloseIsDroppedAfterTheCloseTimeout() throws Exception {
        RecordingEndpoint endpoint = openEcho();
        endpoint.session.close();
        assertThat(endpoint.next()).isEqualTo("close:1000");
        assertThat(transport.awaitClosed(ContainerDefaults.CLOSE_TIMEOUT_MS / 1000 + 10)).isTrue();
    }

    @Test
    void exceptionInOnCloseReachesOnErrorBeforeIsOpenTurnsFalse() throws Exception {
        CountDownLatch sawError = new CountDownLatch(1);
        RecordingEndpoint endpoint = new RecordingEndpoint(s -> { }) {
            @Override
            public void onClose(Session session, CloseReason closeReason) {
                throw new ArithmeticException("/ by zero");
            }

            @Override
            public void onError(Session session, Throwable thr) {
                // isOpen must still be true while the close callbacks run
                if (session.isOpen()) {
                    sawError.countDown();
                }
            }
        };
        SessionSetup setup = SessionSetup.builder(Role.SERVER, endpoint, config(), container, new OpenSessions())
                .requestUri(URI.create("/t")).build();
        Session session = WebSocketConnection.open(transport, setup);
        assertThat(endpoint.next()).isEqualTo("open");
        session.close();
        assertThat(sawError.await(10, TimeUnit.SECONDS)).isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (session.isOpen() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(session.isOpen()).isFalse();
    }

    @Test
    void oneMessageAtATime() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        RecordingEndpoint endpoint = open(s -> s.addMessageHandler(String.class, text -> {
            seen.add(text);
            if (text.equals("first")) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }));
        transport.feed(WireFrames.concat(WireFrames.clientText("first"), WireFrames.clientText("second")));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (seen.isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(seen).containsExactly("first");
        release.countDown();
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (seen.size() < 2 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(seen).containsExactly("first", "second");
        assertThat(endpoint.events).isEmpty();
    }

    @Test
    void blockingSendFromOnMessageCompletesOnceAStalledPeerReads() throws Exception {
        CountDownLatch sent = new CountDownLatch(1);
        open(s -> s.addMessageHandler(String.class, text -> {
            try {
                s.getBasicRemote().sendBinary(ByteBuffer.allocate(4 * 1024 * 1024));
                sent.countDown();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }));
        transport.stallWrites();
        transport.feed(WireFrames.clientText("go"));
        assertThat(sent.await(300, TimeUnit.MILLISECONDS)).isFalse();
        transport.releaseWrites();
        assertThat(sent.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void asyncSendsBeyondTheQueueLimitFailInsteadOfBuffering() throws Exception {
        RecordingEndpoint endpoint = open(s -> { });
        transport.stallWrites();
        Session s = endpoint.session;
        int chunk = 1024 * 1024;
        List<Future<Void>> futures = new ArrayList<>();
        for (int i = 0; i < ContainerDefaults.OUTBOUND_QUEUE_LIMIT_BYTES / chunk + 4; i++) {
            futures.add(s.getAsyncRemote().sendBinary(ByteBuffer.allocate(chunk)));
        }
        Future<Void> last = futures.get(futures.size() - 1);
        assertThat(last.isDone()).isTrue();
        try {
            last.get();
            throw new AssertionError("a send beyond the queue limit must fail");
        } catch (java.util.concurrent.ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(IOException.class).hasMessageContaining("outbound queue full");
        }
        transport.releaseWrites();
        assertThat(futures.get(0).get(10, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void partialHandlerGetsPiecesWithCodePointsSplitAcrossFramesMadeWhole() throws Exception {
        List<String> parts = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Throwable> refused = new ArrayList<>();
        open(s -> {
            s.addMessageHandler(String.class, (MessageHandler.Partial<String>) (part, last) -> parts.add(part + (last ? "|" : "")));
            try {
                s.addMessageHandler(Reader.class, reader -> { });
            } catch (IllegalStateException e) {
                refused.add(e); // one text handler per session
            }
        });
        assertThat(refused).hasSize(1);
        byte[] euro = "\u20ac".getBytes(StandardCharsets.UTF_8);
        transport.feed(WireFrames.client(WireFrames.TEXT, false, new byte[] {'a', euro[0]}));
        transport.feed(WireFrames.client(WireFrames.CONT, true, new byte[] {euro[1], euro[2], 'b'}));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (parts.size() < 2 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(String.join("", parts)).isEqualTo("a\u20acb|");
    }

    @Test
    void readerHandlerReadsAMessageWhileItArrives() throws Exception {
        CountDownLatch firstPieceRead = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        StringBuilder streamed = new StringBuilder();
        open(s -> s.addMessageHandler(Reader.class, reader -> {
            try {
                char[] buf = new char[64];
                int n;
                while ((n = reader.read(buf)) >= 0) {
                    streamed.append(buf, 0, n);
                    firstPieceRead.countDown();
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
            done.countDown();
        }));
        transport.feed(WireFrames.client(WireFrames.TEXT, false, "stream".getBytes(StandardCharsets.UTF_8)));
        // the handler sees the first piece before the rest of the message exists
        assertThat(firstPieceRead.await(10, TimeUnit.SECONDS)).isTrue();
        transport.feed(WireFrames.client(WireFrames.CONT, true, "ing".getBytes(StandardCharsets.UTF_8)));
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(streamed.toString()).isEqualTo("streaming");
    }

    @Test
    void callbacksRunWithTheWebappClassLoader() throws Exception {
        ClassLoader webapp = new ClassLoader(getClass().getClassLoader()) { };
        List<ClassLoader> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        RecordingEndpoint endpoint = new RecordingEndpoint(s -> {
            seen.add(Thread.currentThread().getContextClassLoader());
            s.addMessageHandler(String.class, text -> {
                seen.add(Thread.currentThread().getContextClassLoader());
                s.getAsyncRemote().sendText("x", result -> seen.add(Thread.currentThread().getContextClassLoader()));
            });
        });
        SessionSetup setup = SessionSetup.builder(Role.SERVER, endpoint, config(), container, new OpenSessions())
                .requestUri(URI.create("/t")).classLoader(webapp).build();
        WebSocketConnection.open(transport, setup);
        assertThat(endpoint.next()).isEqualTo("open");
        transport.feed(WireFrames.clientText("hi"));
        transport.awaitFrames(1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (seen.size() < 3 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(seen).hasSize(3).allSatisfy(loader -> assertThat(loader).isSameAs(webapp));
    }

    @Test
    void theReadThreadNeverWaitsForAWriteToComplete() throws Exception {
        // Tomcat never runs a write callback while the same connection is in a read callback: a pong that waited
        // for its write inside the read path would stop the connection forever
        List<String> texts = java.util.Collections.synchronizedList(new ArrayList<>());
        open(s -> s.addMessageHandler(String.class, (MessageHandler.Whole<String>) texts::add));
        transport.stallWrites();
        transport.feed(WireFrames.concat(WireFrames.client(WireFrames.PING, true, new byte[] {1}),
                WireFrames.client(WireFrames.PING, true, new byte[] {2}), WireFrames.clientText("after pings")));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (texts.isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(texts).containsExactly("after pings");
        transport.releaseWrites();
        List<WireFrames.Frame> frames = transport.awaitFrames(2);
        assertThat(frames).extracting(WireFrames.Frame::opcode).containsExactly(WireFrames.PONG, WireFrames.PONG);
    }

    @Test
    void aPingFloodFromAPeerThatDoesNotReadQueuesOnePongAtMost() throws Exception {
        // RFC 6455 §5.5.3: answering only the most recent ping is allowed; without it every ping of the flood would
        // wait in the outbound queue, which bounds data frames only
        List<String> texts = java.util.Collections.synchronizedList(new ArrayList<>());
        open(s -> s.addMessageHandler(String.class, (MessageHandler.Whole<String>) texts::add));
        transport.stallWrites();
        byte[][] pings = new byte[1001][];
        for (int i = 0; i < 1000; i++) {
            pings[i] = WireFrames.client(WireFrames.PING, true, new byte[] {(byte) (i >> 8), (byte) i});
        }
        pings[1000] = WireFrames.clientText("after the flood");
        transport.feed(WireFrames.concat(pings));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (texts.isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(texts).containsExactly("after the flood");
        transport.releaseWrites();
        List<WireFrames.Frame> frames = transport.awaitFrames(2);
        // the first pong was on its way when the flood began; the rest collapsed into the answer to the last ping
        assertThat(frames).hasSize(2);
        assertThat(frames.get(0).payload()).containsExactly(0, 0);
        assertThat(frames.get(1).payload()).containsExactly(999 >> 8, 999 & 0xff);
    }

    @Test
    void everyAsyncSendCompletesExactlyOnceEvenWhenTheConnectionDies() throws Exception {
        RecordingEndpoint endpoint = open(s -> { });
        transport.stallWrites();
        java.util.concurrent.atomic.AtomicInteger results = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
        int sends = 50;
        CountDownLatch all = new CountDownLatch(sends);
        for (int i = 0; i < sends; i++) {
            endpoint.session.getAsyncRemote().sendText("m" + i, result -> {
                results.incrementAndGet();
                if (!result.isOK()) {
                    failures.incrementAndGet();
                }
                all.countDown();
            });
        }
        transport.feedEndOfInput();
        assertThat(endpoint.next()).isEqualTo("close:1006");
        transport.releaseWrites();
        assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(100); // a duplicate completion would arrive now; there is nothing to wait for otherwise
        assertThat(results.get()).isEqualTo(sends);
        assertThat(failures.get()).isPositive();
        // after the close, sends fail at once instead of queueing
        Future<Void> late = endpoint.session.getAsyncRemote().sendText("late");
        assertThat(late.isDone()).isTrue();
    }

    @Test
    void aSecondHandlerOfOneKindAndAWholeSendInsideAPartialOneAreRefused() throws Exception {
        List<Throwable> refused = java.util.Collections.synchronizedList(new ArrayList<>());
        RecordingEndpoint endpoint = open(s -> {
            s.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) b -> { });
            try {
                s.addMessageHandler(byte[].class, (MessageHandler.Whole<byte[]>) b -> { });
            } catch (IllegalStateException e) {
                refused.add(e);
            }
        });
        endpoint.session.getBasicRemote().sendText("par", false);
        try {
            endpoint.session.getBasicRemote().sendText("whole");
        } catch (IllegalStateException e) {
            refused.add(e);
        }
        endpoint.session.getBasicRemote().sendText("tial", true);
        assertThat(refused).hasSize(2);
        List<WireFrames.Frame> frames = transport.awaitFrames(2);
        assertThat(frames).extracting(WireFrames.Frame::opcode).containsExactly(WireFrames.TEXT, WireFrames.CONT);
        assertThat(frames.get(0).fin()).isFalse();
        assertThat(frames.get(1).fin()).isTrue();
    }

    @Test
    void manyPipelinedMessagesAreEachDeliveredOnceInOrder() throws Exception {
        // a handler that returns at once resumes reading while the I/O thread may still be inside the parser:
        // only one of the two may go on parsing, or frames are read twice or torn
        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        RecordingEndpoint endpoint = open(s -> s.addMessageHandler(String.class, (MessageHandler.Whole<String>) seen::add));
        int perChunk = 500;
        int chunks = 8;
        for (int c = 0; c < chunks; c++) {
            java.io.ByteArrayOutputStream chunk = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < perChunk; i++) {
                chunk.writeBytes(WireFrames.clientText("m" + (c * perChunk + i)));
            }
            transport.feed(chunk.toByteArray());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (seen.size() < perChunk * chunks && System.nanoTime() < deadline && endpoint.events.isEmpty()) {
            Thread.onSpinWait();
        }
        assertThat(endpoint.events).as("no error and no close").isEmpty();
        assertThat(seen).hasSize(perChunk * chunks);
        for (int i = 0; i < seen.size(); i++) {
            assertThat(seen.get(i)).isEqualTo("m" + i);
        }
    }

    @Test
    void aBinaryMessageHandedToAnAsyncSendSurvivesTheNextRead() throws Exception {
        // the transport refills its read buffer after the next demand; the echo is still queued behind a peer that
        // does not read, so the message must not be a view of that buffer
        RecordingEndpoint endpoint = open(s -> s.addMessageHandler(ByteBuffer.class,
                (MessageHandler.Whole<ByteBuffer>) b -> s.getAsyncRemote().sendBinary(b)));
        transport.stallWrites();
        byte[] first = "first-message".getBytes(StandardCharsets.UTF_8);
        byte[] second = "SECOND-MESSAGE".getBytes(StandardCharsets.UTF_8);
        transport.feed(WireFrames.client(WireFrames.BINARY, true, first));
        transport.feed(WireFrames.concat(WireFrames.client(WireFrames.BINARY, false, new byte[] {'S', 'E'}),
                WireFrames.client(WireFrames.CONT, true, java.util.Arrays.copyOfRange(second, 2, second.length))));
        transport.feed(WireFrames.client(WireFrames.BINARY, true, "third, overwriting".getBytes(StandardCharsets.UTF_8)));
        // wait until the third message was read (it refilled the buffer), then let the peer read
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (transport.deliveries() < 3 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(transport.deliveries()).isEqualTo(3);
        transport.releaseWrites();
        List<WireFrames.Frame> frames = transport.awaitFrames(3);
        assertThat(frames.get(0).payload()).isEqualTo(first);
        assertThat(frames.get(1).payload()).isEqualTo(second);
        assertThat(endpoint.events).isEmpty();
    }

    @Test
    void aCharHandlerTakesTheFirstCharacterOfTheMessage() throws Exception {
        List<Character> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        open(s -> s.addMessageHandler(Character.class, (MessageHandler.Whole<Character>) seen::add));
        transport.feed(WireFrames.clientText("Echar"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (seen.isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(seen).containsExactly('E');
    }

    /** An encoder that always fails, as an application's may. */
    public static final class FailingEncoder implements jakarta.websocket.Encoder.Text<StringBuilder> {
        @Override
        public String encode(StringBuilder object) {
            throw new IllegalStateException("cannot encode " + object);
        }
    }

    @Test
    void anEncoderThatThrowsFailsTheAsyncSendInsteadOfThrowing() throws Exception {
        RecordingEndpoint endpoint = new RecordingEndpoint(s -> { });
        SessionSetup setup = SessionSetup.builder(Role.SERVER, endpoint, config(List.of(FailingEncoder.class)), container,
                new OpenSessions()).requestUri(URI.create("/t")).build();
        Session session = WebSocketConnection.open(transport, setup);
        assertThat(endpoint.next()).isEqualTo("open");
        Future<Void> future = session.getAsyncRemote().sendObject(new StringBuilder("x"));
        try {
            future.get(10, TimeUnit.SECONDS);
            throw new AssertionError("the send must fail");
        } catch (java.util.concurrent.ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(jakarta.websocket.EncodeException.class);
        }
        java.util.concurrent.CompletableFuture<jakarta.websocket.SendResult> result = new java.util.concurrent.CompletableFuture<>();
        session.getAsyncRemote().sendObject(new StringBuilder("y"), result::complete);
        assertThat(result.get(10, TimeUnit.SECONDS).isOK()).isFalse();
        assertThat(result.get().getException()).isInstanceOf(jakarta.websocket.EncodeException.class);
        try {
            session.getBasicRemote().sendObject(new StringBuilder("z"));
            throw new AssertionError("the send must fail");
        } catch (jakarta.websocket.EncodeException expected) {
            // the blocking form throws the EncodeException its signature declares
        }
    }

    @Test
    void pathParametersKeepTheTemplatesOrder() throws Exception {
        Map<String, String> params = new java.util.LinkedHashMap<>();
        for (String name : List.of("zeta", "alpha", "mu", "beta", "omega", "gamma")) {
            params.put(name, name.toUpperCase());
        }
        RecordingEndpoint endpoint = new RecordingEndpoint(s -> { });
        SessionSetup setup = SessionSetup.builder(Role.SERVER, endpoint, config(), container, new OpenSessions())
                .requestUri(URI.create("/t")).pathParameters(params).build();
        Session session = WebSocketConnection.open(transport, setup);
        assertThat(endpoint.next()).isEqualTo("open");
        assertThat(List.copyOf(session.getPathParameters().keySet())).containsExactly("zeta", "alpha", "mu", "beta", "omega", "gamma");
    }
}
