package dev.onramp.websocket.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onramp.testing.Await;
import dev.onramp.testing.Frames;
import dev.onramp.websocket.endpoint.AnnotatedServerEndpointConfig;
import dev.onramp.websocket.protocol.Role;
import dev.onramp.websocket.testing.InMemoryTransport;
import dev.onramp.websocket.testing.TestContainer;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code @OnMessage} return values on a transport whose read thread runs handlers (the native paths): the answers to
 * the messages of one read leave in one write instead of one write each, in order, ahead of a close frame the same
 * read brings; a binary answer is taken when the handler returns (the application may reuse its array, as it may
 * after a blocking send); and
 * beyond {@link MessageSender#REPLY_WINDOW} queued bytes an answer waits for its write as a blocking send does, so a
 * peer that stops reading holds a bounded amount.
 */
@Timeout(60)
class RepliesPerReadTest {

    private static final BlockingQueue<String> DELIVERED = new LinkedBlockingQueue<>();
    /** The thread that ran the last text handler (each test's transport has its own read thread). */
    private static volatile Thread handlerThread;

    private final InMemoryTransport transport = new InMemoryTransport();

    @ServerEndpoint("/echo")
    public static class Echo {
        @OnMessage
        public String text(String message) {
            handlerThread = Thread.currentThread();
            DELIVERED.add(message.length() > 16 ? "long" : message);
            return message;
        }

        @OnMessage
        public ByteBuffer binary(ByteBuffer message) {
            return message;
        }
    }

    /** Answers with the same array each time, as a blocking send lets it: the array is sent before it returns. */
    @ServerEndpoint("/first-byte")
    public static class FirstByte {
        private final byte[] answer = new byte[1];

        @OnMessage
        public byte[] binary(ByteBuffer message) {
            answer[0] = message.get(0);
            DELIVERED.add("binary");
            return answer;
        }
    }

    private Session open() throws Exception {
        return open(Echo.class);
    }

    private Session open(Class<?> endpoint) throws Exception {
        DELIVERED.clear();
        transport.readThreadsForApplicationCode = Integer.MAX_VALUE;
        AnnotatedServerEndpointConfig config = AnnotatedServerEndpointConfig.of(endpoint);
        Object pojo = config.getConfigurator().getEndpointInstance(endpoint);
        SessionSetup setup = SessionSetup.builder(Role.SERVER, config.model().newEndpoint(pojo), config,
                new TestContainer(), new OpenSessions()).requestUri(URI.create("/echo")).build();
        Session session = WebSocketConnection.open(transport, setup);
        // messages that arrive while onOpen's task is still on a callback thread go there, behind it (not inline)
        Await.until("the session runs no callback", ((OnrampSession) session).callbacks()::idle);
        return session;
    }

    private static byte[] texts(int count, String prefix) {
        byte[][] frames = new byte[count][];
        for (int i = 0; i < count; i++) {
            frames[i] = Frames.clientText(prefix + i);
        }
        return Frames.concat(frames);
    }

    @Test
    void theAnswersToTheMessagesOfOneReadLeaveInOneWrite() throws Exception {
        open();
        transport.feed(texts(32, "m"));
        List<Frames.Frame> echoes = transport.awaitFrames(32);
        assertThat(echoes).extracting(Frames.Frame::text)
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 32).mapToObj(i -> "m" + i).toList());
        assertThat(transport.writes()).as("transport writes for 32 answers to one read").hasSize(1);
    }

    @Test
    void answersToOneMessageAtATimeReuseTheSessionsSendSlot() throws Exception {
        open();
        for (int i = 0; i < 3; i++) {
            transport.feed(Frames.clientText("r" + i)); // request/response: each answer written before the next read
            assertThat(transport.awaitFrames(i + 1).get(i).text()).isEqualTo("r" + i);
        }
        List<ByteBuffer[]> writes = transport.writes();
        assertThat(writes).hasSize(3);
        // the written answer gave the slot back from its completion: the next answer reuses the same frame
        assertThat(writes.get(1)).isSameAs(writes.get(0));
        assertThat(writes.get(2)).isSameAs(writes.get(0));
    }

    @Test
    void binaryAnswersAreTheHandlersBytesAndLeaveTogether() throws Exception {
        open();
        byte[][] frames = new byte[8][];
        for (int i = 0; i < frames.length; i++) {
            byte[] payload = new byte[100];
            Arrays.fill(payload, (byte) i);
            frames[i] = Frames.client(Frames.BINARY, true, payload);
        }
        transport.feed(Frames.concat(frames));
        List<Frames.Frame> echoes = transport.awaitFrames(8);
        for (int i = 0; i < echoes.size(); i++) {
            byte[] expected = new byte[100];
            Arrays.fill(expected, (byte) i);
            assertThat(echoes.get(i).opcode()).isEqualTo(Frames.BINARY);
            assertThat(echoes.get(i).payload()).as("answer %d", i).isEqualTo(expected);
        }
        assertThat(transport.writes()).hasSize(1);
    }

    @Test
    void aBinaryAnswerIsTakenWhenTheHandlerReturnsSoTheApplicationMayReuseItsArray() throws Exception {
        open(FirstByte.class);
        transport.stallWrites(); // the first answer waits for its write while the second message is handled
        transport.feed(Frames.client(Frames.BINARY, true, new byte[] {1}));
        assertThat(DELIVERED.poll(10, TimeUnit.SECONDS)).isEqualTo("binary");
        transport.feed(Frames.client(Frames.BINARY, true, new byte[] {2}));
        assertThat(DELIVERED.poll(10, TimeUnit.SECONDS)).isEqualTo("binary");
        transport.releaseWrites();
        assertThat(transport.awaitFrames(2)).extracting(f -> f.payload()[0]).containsExactly((byte) 1, (byte) 2);
    }

    @Test
    void aCloseInTheSameReadGoesOutBehindTheAnswers() throws Exception {
        open();
        transport.feed(Frames.concat(texts(3, "m"), Frames.clientClose(1000, "done")));
        List<Frames.Frame> frames = transport.awaitFrames(4);
        assertThat(frames).extracting(Frames.Frame::opcode)
                .containsExactly(Frames.TEXT, Frames.TEXT, Frames.TEXT, Frames.CLOSE);
        assertThat(frames.get(3).closeCode()).isEqualTo(1000);
    }

    @Test
    void beyondTheWindowAnAnswerWaitsForItsWrite() throws Exception {
        open();
        transport.stallWrites(); // the peer reads nothing
        String big = "x".repeat(MessageSender.REPLY_WINDOW * 5 / 8); // two fit in the window, not three
        byte[] one = Frames.clientText(big);
        transport.feed(Frames.concat(one, one, one));
        // the second answer does not fit beside the first: the read thread waits for the write, not for more input
        Await.until("the read thread waits for the second answer's write", () -> waitsForAWrite(handlerThread));
        assertThat(DELIVERED).containsExactly("long", "long");
        transport.releaseWrites();
        assertThat(transport.awaitFrames(3)).extracting(f -> new String(f.payload(), StandardCharsets.UTF_8))
                .containsOnly(big);
    }

    private static boolean waitsForAWrite(Thread thread) {
        return thread != null && thread.getName().equals("in-memory-io")
                && Arrays.stream(thread.getStackTrace()).anyMatch(f -> f.getClassName().endsWith("SendFuture"));
    }
}
