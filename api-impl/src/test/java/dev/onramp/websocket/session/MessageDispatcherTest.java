package dev.onramp.websocket.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onramp.testing.Await;
import dev.onramp.testing.Frames;
import dev.onramp.websocket.testing.InMemoryTransport;
import jakarta.websocket.MessageHandler;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@link MessageDispatcher}: messages reach the session's handlers one at a time, on callback threads, in the form
 * each handler takes (whole and decoded, partial pieces, a stream read while the message arrives).
 */
class MessageDispatcherTest {

    private final InMemoryTransport transport = new InMemoryTransport();

    @Test
    void echoesTextOnACallbackThreadNotTheIoThread() throws Exception {
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        RecordingEndpoint endpoint = TestSessions.open(transport, s -> s.addMessageHandler(String.class, text -> {
            threads.add(Thread.currentThread().getName());
            try {
                s.getBasicRemote().sendText(text.toUpperCase(Locale.ROOT));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }));
        transport.feed(Frames.clientText("hello"));
        List<Frames.Frame> frames = transport.awaitFrames(1);
        assertThat(frames.get(0).opcode()).isEqualTo(Frames.TEXT);
        assertThat(frames.get(0).text()).isEqualTo("HELLO");
        assertThat(threads).allSatisfy(name -> assertThat(name).doesNotContain("in-memory-io"));
        assertThat(endpoint.events).isEmpty();
    }

    @Test
    void oneMessageAtATime() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        RecordingEndpoint endpoint = TestSessions.open(transport, s -> s.addMessageHandler(String.class, text -> {
            seen.add(text);
            if (text.equals("first")) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }));
        transport.feed(Frames.concat(Frames.clientText("first"), Frames.clientText("second")));
        Await.until("the first message", () -> !seen.isEmpty());
        assertThat(seen).containsExactly("first");
        release.countDown();
        Await.until("the second message", () -> seen.size() >= 2);
        assertThat(seen).containsExactly("first", "second");
        assertThat(endpoint.events).isEmpty();
    }

    @Test
    void partialHandlerGetsPiecesWithCodePointsSplitAcrossFramesMadeWhole() throws Exception {
        List<String> parts = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> refused = new ArrayList<>();
        TestSessions.open(transport, s -> {
            s.addMessageHandler(String.class,
                    (MessageHandler.Partial<String>) (part, last) -> parts.add(part + (last ? "|" : "")));
            try {
                s.addMessageHandler(Reader.class, reader -> { });
            } catch (IllegalStateException e) {
                refused.add(e); // one text handler per session
            }
        });
        assertThat(refused).hasSize(1);
        byte[] euro = "\u20ac".getBytes(StandardCharsets.UTF_8);
        transport.feed(Frames.client(Frames.TEXT, false, new byte[] {'a', euro[0]}));
        transport.feed(Frames.client(Frames.CONTINUATION, true, new byte[] {euro[1], euro[2], 'b'}));
        Await.until("both pieces", () -> parts.size() >= 2);
        assertThat(String.join("", parts)).isEqualTo("a\u20acb|");
    }

    @Test
    void readerHandlerReadsAMessageWhileItArrives() throws Exception {
        CountDownLatch firstPieceRead = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        StringBuilder streamed = new StringBuilder();
        TestSessions.open(transport, s -> s.addMessageHandler(Reader.class, reader -> {
            try {
                char[] buf = new char[64];
                int n;
                while ((n = reader.read(buf)) >= 0) {
                    streamed.append(buf, 0, n);
                    firstPieceRead.countDown();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            done.countDown();
        }));
        transport.feed(Frames.client(Frames.TEXT, false, "stream".getBytes(StandardCharsets.UTF_8)));
        // the handler sees the first piece before the rest of the message exists
        assertThat(firstPieceRead.await(10, TimeUnit.SECONDS)).isTrue();
        transport.feed(Frames.client(Frames.CONTINUATION, true, "ing".getBytes(StandardCharsets.UTF_8)));
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(streamed.toString()).isEqualTo("streaming");
    }

    @Test
    void aCharHandlerTakesTheFirstCharacterOfTheMessage() throws Exception {
        List<Character> seen = Collections.synchronizedList(new ArrayList<>());
        TestSessions.open(transport, s -> s.addMessageHandler(Character.class, (MessageHandler.Whole<Character>) seen::add));
        transport.feed(Frames.clientText("Echar"));
        Await.until("the character", () -> !seen.isEmpty());
        assertThat(seen).containsExactly('E');
    }

    @Test
    void aSecondHandlerOfOneKindIsRefused() throws Exception {
        List<Throwable> refused = Collections.synchronizedList(new ArrayList<>());
        TestSessions.open(transport, s -> {
            s.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) b -> { });
            try {
                s.addMessageHandler(byte[].class, (MessageHandler.Whole<byte[]>) b -> { });
            } catch (IllegalStateException e) {
                refused.add(e);
            }
        });
        assertThat(refused).singleElement().extracting(Throwable::getMessage).asString()
                .contains("already has a binary message handler");
    }
}
