package dev.onramp.websocket.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onramp.testing.Await;
import dev.onramp.testing.Frames;
import dev.onramp.websocket.testing.InMemoryTransport;
import jakarta.websocket.MessageHandler;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * {@link ReadLoop}: reading follows demand, parsing pauses while the application holds a piece and resumes on
 * exactly one thread, control frames are answered in the middle of a message, and limits are checked from the
 * header before anything is allocated.
 */
class ReadLoopTest {

    private final InMemoryTransport transport = new InMemoryTransport();

    @Test
    void pingInsideAFragmentedMessageIsAnsweredBeforeTheMessageEnds() throws Exception {
        TestSessions.openEcho(transport);
        byte[] ping = "are you there".getBytes(StandardCharsets.UTF_8);
        transport.feed(Frames.concat(
                Frames.client(Frames.TEXT, false, "frag".getBytes(StandardCharsets.UTF_8)),
                Frames.client(Frames.PING, true, ping)));
        List<Frames.Frame> frames = transport.awaitFrames(1);
        assertThat(frames.get(0).opcode()).isEqualTo(Frames.PONG);
        assertThat(frames.get(0).payload()).isEqualTo(ping);
        transport.feed(Frames.client(Frames.CONTINUATION, true, "ment".getBytes(StandardCharsets.UTF_8)));
        frames = transport.awaitFrames(2);
        assertThat(frames.get(1).text()).isEqualTo("fragment");
    }

    @Test
    void aMessageOverTheLimitClosesWith1009FromTheHeaderAlone() throws Exception {
        RecordingEndpoint endpoint = TestSessions.open(transport, s -> {
            s.setMaxTextMessageBufferSize(16);
            s.addMessageHandler(String.class, text -> { });
        });
        // a header announcing 1 MiB, and not one payload byte: the decision needs only the header
        byte[] header = {(byte) 0x81, (byte) (0x80 | 127), 0, 0, 0, 0, 0, 0x10, 0, 0, 1, 2, 3, 4};
        transport.feed(header);
        List<Frames.Frame> frames = transport.awaitFrames(1);
        assertThat(frames.get(0).closeCode()).isEqualTo(1009);
        assertThat(endpoint.next()).startsWith("error:");
        assertThat(endpoint.next()).isEqualTo("close:1009");
    }

    @Test
    void manyPipelinedMessagesAreEachDeliveredOnceInOrder() throws Exception {
        // a handler that returns at once resumes reading while the I/O thread may still be inside the parser:
        // only one of the two may go on parsing, or frames are read twice or torn
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        RecordingEndpoint endpoint = TestSessions.open(transport,
                s -> s.addMessageHandler(String.class, (MessageHandler.Whole<String>) seen::add));
        int perChunk = 500;
        int chunks = 8;
        for (int c = 0; c < chunks; c++) {
            ByteArrayOutputStream chunk = new ByteArrayOutputStream();
            for (int i = 0; i < perChunk; i++) {
                chunk.writeBytes(Frames.clientText("m" + (c * perChunk + i)));
            }
            transport.feed(chunk.toByteArray());
        }
        Await.until("every message, or an error", () -> seen.size() >= perChunk * chunks || !endpoint.events.isEmpty());
        assertThat(endpoint.events).as("no error and no close").isEmpty();
        assertThat(seen).hasSize(perChunk * chunks);
        for (int i = 0; i < seen.size(); i++) {
            assertThat(seen.get(i)).isEqualTo("m" + i);
        }
    }

    @Test
    void theReadThreadNeverWaitsForAWriteToComplete() throws Exception {
        // Tomcat never runs a write callback while the same connection is in a read callback: a pong that waited
        // for its write inside the read path would stop the connection forever
        List<String> texts = Collections.synchronizedList(new ArrayList<>());
        TestSessions.open(transport, s -> s.addMessageHandler(String.class, (MessageHandler.Whole<String>) texts::add));
        transport.stallWrites();
        transport.feed(Frames.concat(Frames.client(Frames.PING, true, new byte[] {1}),
                Frames.client(Frames.PING, true, new byte[] {2}), Frames.clientText("after pings")));
        Await.until("the text behind the pings", () -> !texts.isEmpty());
        assertThat(texts).containsExactly("after pings");
        transport.releaseWrites();
        List<Frames.Frame> frames = transport.awaitFrames(2);
        assertThat(frames).extracting(Frames.Frame::opcode).containsExactly(Frames.PONG, Frames.PONG);
    }

    @Test
    void aBinaryMessageHandedToAnAsyncSendSurvivesTheNextRead() throws Exception {
        // the transport refills its read buffer after the next demand; the echo is still queued behind a peer that
        // does not read, so the message must not be a view of that buffer
        RecordingEndpoint endpoint = TestSessions.open(transport, s -> s.addMessageHandler(ByteBuffer.class,
                (MessageHandler.Whole<ByteBuffer>) b -> s.getAsyncRemote().sendBinary(b)));
        transport.stallWrites();
        byte[] first = "first-message".getBytes(StandardCharsets.UTF_8);
        byte[] second = "SECOND-MESSAGE".getBytes(StandardCharsets.UTF_8);
        transport.feed(Frames.client(Frames.BINARY, true, first));
        transport.feed(Frames.concat(Frames.client(Frames.BINARY, false, new byte[] {'S', 'E'}),
                Frames.client(Frames.CONTINUATION, true, Arrays.copyOfRange(second, 2, second.length))));
        transport.feed(Frames.client(Frames.BINARY, true, "third, overwriting".getBytes(StandardCharsets.UTF_8)));
        // wait until the third message was read (it refilled the buffer), then let the peer read
        Await.until("the third chunk read", () -> transport.deliveries() >= 3);
        assertThat(transport.deliveries()).isEqualTo(3);
        transport.releaseWrites();
        List<Frames.Frame> frames = transport.awaitFrames(3);
        assertThat(frames.get(0).payload()).isEqualTo(first);
        assertThat(frames.get(1).payload()).isEqualTo(second);
        assertThat(endpoint.events).isEmpty();
    }

    @Test
    void aPingFloodFromAPeerThatDoesNotReadQueuesABoundedNumberOfPongs() throws Exception {
        // RFC 6455 §5.5.3: answering only the most recent ping is allowed; without a bound every ping of the flood
        // would wait in the outbound queue, which bounds data frames only
        List<String> texts = Collections.synchronizedList(new ArrayList<>());
        TestSessions.open(transport, s -> s.addMessageHandler(String.class, (MessageHandler.Whole<String>) texts::add));
        transport.stallWrites();
        byte[][] pings = new byte[1001][];
        for (int i = 0; i < 1000; i++) {
            pings[i] = Frames.client(Frames.PING, true, new byte[] {(byte) (i >> 8), (byte) i});
        }
        pings[1000] = Frames.clientText("after the flood");
        transport.feed(Frames.concat(pings));
        Await.until("the text behind the flood", () -> !texts.isEmpty());
        assertThat(texts).containsExactly("after the flood");
        transport.releaseWrites();
        int waiting = OutboundQueue.MAX_WAITING_PONGS;
        List<Frames.Frame> frames = transport.awaitFrames(1 + waiting);
        // the first pong was on its way when the flood began; then the first pings are answered in turn, and the
        // last waiting place holds the answer to the newest ping
        assertThat(frames).hasSize(1 + waiting);
        for (int i = 0; i < waiting; i++) {
            assertThat(frames.get(i).payload()).containsExactly(0, i);
        }
        assertThat(frames.get(waiting).payload()).containsExactly(999 >> 8, 999 & 0xff);
    }
}
