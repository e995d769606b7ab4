package dev.onramp.websocket.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onramp.testing.Await;
import dev.onramp.testing.Frames;
import dev.onramp.testing.TestThreads;
import dev.onramp.websocket.protocol.FrameWriter;
import dev.onramp.websocket.protocol.Masking;
import dev.onramp.websocket.protocol.Opcode;
import dev.onramp.websocket.protocol.Role;
import dev.onramp.websocket.testing.InMemoryTransport;
import jakarta.websocket.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@link BlockingSendSlot}: small blocking whole-message sends reuse one frame per session; a concurrent sender goes
 * through the allocating path; after a send that timed out, was interrupted or failed the slot is never used again,
 * so a frame a stuck transport still holds is never overwritten; text is encoded as {@code String.getBytes(UTF_8)}
 * does; the client role masks the copy.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class BlockingSendSlotTest {

    private final InMemoryTransport transport = new InMemoryTransport();

    private static byte[] bytes(ByteBuffer[] write) {
        int n = 0;
        for (ByteBuffer b : write) {
            n += b.remaining();
        }
        ByteBuffer all = ByteBuffer.allocate(n);
        for (ByteBuffer b : write) {
            all.put(b.duplicate());
        }
        return all.array();
    }

    private static byte[] serverText(String text) {
        return Frames.server(Frames.TEXT, true, text.getBytes(StandardCharsets.UTF_8));
    }

    // ---- reuse

    @Test
    void consecutiveSmallSendsReuseOneFrameAndEachArrivesIntact() throws Exception {
        Session session = TestSessions.open(transport, s -> { }).session;
        session.getBasicRemote().sendText("one");
        session.getBasicRemote().sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        session.getBasicRemote().sendText("three");

        List<Frames.Frame> frames = transport.awaitFrames(3);
        assertThat(frames.get(0).text()).isEqualTo("one");
        assertThat(frames.get(1).opcode()).isEqualTo(Frames.BINARY);
        assertThat(frames.get(1).payload()).containsExactly(1, 2, 3);
        assertThat(frames.get(2).text()).isEqualTo("three");
        List<ByteBuffer[]> writes = transport.writes();
        assertThat(writes.get(1)).isSameAs(writes.get(0));
        assertThat(writes.get(2)).isSameAs(writes.get(0));
    }

    @Test
    void theCallersBufferIsCopiedAndItsPositionKept() throws Exception {
        Session session = TestSessions.open(transport, s -> { }).session;
        transport.stallWrites();
        ByteBuffer data = ByteBuffer.wrap(new byte[] {9, 8, 7, 6});
        data.position(1);
        CompletableFuture<Void> sent = TestThreads.run(() -> session.getBasicRemote().sendBinary(data));
        Await.until("the write is issued", () -> transport.writes().size() == 1);
        data.put(1, (byte) 0); // the application's buffer changes while the frame waits: the copy does not
        transport.releaseWrites();
        sent.get(10, TimeUnit.SECONDS);
        assertThat(transport.awaitFrames(1).get(0).payload()).containsExactly(8, 7, 6);
        assertThat(data.position()).isEqualTo(1);
    }

    @Test
    void aSenderThatFindsTheSlotTakenSendsThroughTheAllocatingPath() throws Exception {
        Session session = TestSessions.open(transport, s -> { }).session;
        transport.stallWrites();
        CompletableFuture<Void> first = TestThreads.run(() -> send(session, "first"));
        Await.until("the first write is issued", () -> transport.writes().size() == 1);
        CompletableFuture<Thread> secondThread = new CompletableFuture<>();
        CompletableFuture<Void> second = TestThreads.run(() -> {
            secondThread.complete(Thread.currentThread());
            send(session, "second");
        });
        Thread waiting = secondThread.get(10, TimeUnit.SECONDS);
        Await.until("the second sender waits for its frame", () -> waiting.getState() == Thread.State.TIMED_WAITING);

        transport.releaseWrites();
        first.get(10, TimeUnit.SECONDS);
        second.get(10, TimeUnit.SECONDS);
        session.getBasicRemote().sendText("third");

        assertThat(transport.awaitFrames(3)).extracting(Frames.Frame::text).containsExactly("first", "second", "third");
        List<ByteBuffer[]> writes = transport.writes();
        assertThat(writes.get(1)).isNotSameAs(writes.get(0));
        assertThat(writes.get(2)).isSameAs(writes.get(0)); // the slot is free again
    }

    private static void send(Session session, String text) {
        try {
            session.getBasicRemote().sendText(text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // ---- retirement

    @Test
    void aTimedOutSendRetiresTheSlotAndTheFrameTheTransportHoldsIsNeverOverwritten() throws Exception {
        Session session = TestSessions.open(transport, s -> { }).session;
        session.getUserProperties().put(ContainerDefaults.BLOCKING_SEND_TIMEOUT_PROPERTY, 300L);
        transport.stallWrites();
        assertThatThrownBy(() -> session.getBasicRemote().sendText("held by the transport"))
                .isInstanceOf(SocketTimeoutException.class);
        ByteBuffer[] held = transport.writes().get(0);

        assertThatThrownBy(() -> session.getBasicRemote().sendText("a later message")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> session.getBasicRemote().sendBinary(ByteBuffer.allocate(8)))
                .isInstanceOf(IOException.class);
        assertThat(bytes(held)).containsExactly(serverText("held by the transport"));
    }

    @Test
    void anInterruptedSendRetiresTheSlotAndTheFrameTheTransportHoldsIsNeverOverwritten() throws Exception {
        Session session = TestSessions.open(transport, s -> { }).session;
        transport.stallWrites();
        CompletableFuture<Thread> sender = new CompletableFuture<>();
        CompletableFuture<Throwable> outcome = TestThreads.supply(() -> {
            sender.complete(Thread.currentThread());
            try {
                session.getBasicRemote().sendText("interrupted");
                return null;
            } catch (Throwable e) {
                return e;
            }
        });
        Thread thread = sender.get(10, TimeUnit.SECONDS);
        Await.until("the write is issued", () -> !transport.writes().isEmpty());
        thread.interrupt();
        assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedIOException.class);
        ByteBuffer[] held = transport.writes().get(0);

        assertThatThrownBy(() -> session.getBasicRemote().sendText("a later message")).isInstanceOf(IOException.class);
        assertThat(bytes(held)).containsExactly(serverText("interrupted"));
    }

    @Test
    void aFailedSendRetiresTheSlotForGoodWhileTheSessionGoesOn() throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put(ContainerDefaults.OUTBOUND_QUEUE_LIMIT_PROPERTY, 4096L);
        props.put(ContainerDefaults.BLOCKING_SEND_TIMEOUT_PROPERTY, 300L);
        RecordingEndpoint endpoint = new RecordingEndpoint(s -> { });
        TestSessions.open(transport, endpoint, TestSessions.setup(endpoint, TestSessions.config(List.of(), List.of(), props)));
        Session session = endpoint.session;
        session.getBasicRemote().sendText("before");
        ByteBuffer[] slot = transport.writes().get(0);

        transport.stallWrites();
        session.getAsyncRemote().sendBinary(ByteBuffer.allocate(8192)); // fills the queue: the peer reads nothing
        assertThatThrownBy(() -> session.getBasicRemote().sendText("rejected"))
                .isInstanceOf(IOException.class).hasMessageContaining("outbound queue full");
        assertThat(session.isOpen()).isTrue();

        transport.releaseWrites();
        session.getBasicRemote().sendText("after");
        session.getBasicRemote().sendText("and after");
        assertThat(transport.awaitFrames(4)).extracting(Frames.Frame::opcode)
                .containsExactly(Frames.TEXT, Frames.BINARY, Frames.TEXT, Frames.TEXT);
        assertThat(transport.awaitFrames(4).get(3).text()).isEqualTo("and after");
        List<ByteBuffer[]> writes = transport.writes();
        assertThat(writes.get(2)).isNotSameAs(slot);
        assertThat(writes.get(3)).isNotSameAs(slot).isNotSameAs(writes.get(2));
    }

    // ---- text

    private static final String[] TEXTS = {
        "", "plain ASCII", "caf\u00e9 \u00fcber", "\u20ac \u4e2d\u6587 \uffff", "\ud83d\ude00 pair", "\ud83d",
        "\ude00", "a\ud83d", "\ude00a", "\ud83d\ud83d\ude00", "\ude00\ud83d", "x\ud800y\udbff\udfffz\udc00",
        "\u007f\u0080\u07ff\u0800\ud7ff\ue000",
    };

    @Test
    void textIsEncodedAsStringGetBytesDoesIncludingPairsAndLoneSurrogates() {
        Random random = new Random(15);
        String[] randoms = new String[200];
        for (int r = 0; r < randoms.length; r++) {
            char[] chars = new char[random.nextInt(40)];
            for (int i = 0; i < chars.length; i++) {
                int kind = random.nextInt(5);
                chars[i] = (char) (kind == 0 ? random.nextInt(0x80) : kind == 1 ? 0xD800 + random.nextInt(0x800)
                        : random.nextInt(0x10000));
            }
            randoms[r] = new String(chars);
        }
        for (String[] texts : List.of(TEXTS, randoms)) {
            for (String text : texts) {
                byte[] expected = text.getBytes(StandardCharsets.UTF_8);
                byte[] dst = new byte[3 + expected.length + 2];
                assertThat(BlockingSendSlot.encodeUtf8(text, dst, 3, dst.length)).as(text).isEqualTo(3 + expected.length);
                assertThat(Arrays.copyOfRange(dst, 3, 3 + expected.length)).as(text).containsExactly(expected);
                if (expected.length > 0) {
                    assertThat(BlockingSendSlot.encodeUtf8(text, dst, 3, 3 + expected.length - 1)).as(text).isEqualTo(-1);
                }
            }
        }
    }

    @Test
    void textSentOnTheBasicRemoteArrivesAsStringGetBytes() throws Exception {
        Session session = TestSessions.open(transport, s -> { }).session;
        String longInUtf8 = "\u20ac".repeat(400); // 400 chars, 1,200 bytes: past the slot, the ordinary path
        for (String text : TEXTS) {
            session.getBasicRemote().sendText(text);
        }
        session.getBasicRemote().sendText(longInUtf8);
        List<Frames.Frame> frames = transport.awaitFrames(TEXTS.length + 1);
        for (int i = 0; i < TEXTS.length; i++) {
            assertThat(frames.get(i).payload()).as(TEXTS[i]).containsExactly(TEXTS[i].getBytes(StandardCharsets.UTF_8));
        }
        assertThat(frames.get(TEXTS.length).text()).isEqualTo(longInUtf8);
    }

    // ---- frames

    @Test
    void anIdleSessionHoldsNoSlotBufferUntilItsFirstSend() {
        BlockingSendSlot slot = new BlockingSendSlot(new FrameWriter(Role.SERVER));
        assertThat(slot.holdsBuffer()).as("1 KiB per idle connection otherwise").isFalse();
        assertThat(slot.tryTake()).isTrue();
        assertThat(slot.holdsBuffer()).isFalse();
        ByteBuffer[] first = slot.text("first").buffers;
        assertThat(slot.holdsBuffer()).isTrue();
        slot.release();
        assertThat(slot.tryTake()).isTrue();
        assertThat(slot.whole(Opcode.BINARY, ByteBuffer.wrap(new byte[] {1})).buffers).isSameAs(first);
    }

    @Test
    void theClientRoleMasksTheCopyAndTheHeaderCarriesItsKey() {
        BlockingSendSlot slot = new BlockingSendSlot(new FrameWriter(Role.CLIENT));
        assertThat(slot.tryTake()).isTrue();
        for (int length : new int[] {0, 5, 125, 126, 1000, BlockingSendSlot.MAX_PAYLOAD}) {
            byte[] payload = new byte[length];
            new Random(length).nextBytes(payload);
            ByteBuffer data = ByteBuffer.wrap(payload);
            byte[] frame = bytes(slot.whole(Opcode.BINARY, data).buffers);
            assertThat(data.position()).isZero();
            assertThat(frame[0] & 0xFF).isEqualTo(0x80 | Opcode.BINARY);
            assertThat(frame[1] & 0x80).as("mask bit").isEqualTo(0x80);
            int lengthBytes = length <= 125 ? 0 : 2;
            int declared = lengthBytes == 0 ? frame[1] & 0x7F : ((frame[2] & 0xFF) << 8) | (frame[3] & 0xFF);
            assertThat(declared).isEqualTo(length);
            ByteBuffer wire = ByteBuffer.wrap(frame);
            int key = wire.getInt(2 + lengthBytes);
            int start = 2 + lengthBytes + 4;
            assertThat(frame.length).isEqualTo(start + length);
            Masking.unmask(wire, start, frame.length, key, 0);
            assertThat(Arrays.copyOfRange(frame, start, frame.length)).containsExactly(payload);
        }
    }

    @Test
    void theServerRoleWritesTheShortestHeaderAndNoMask() {
        BlockingSendSlot slot = new BlockingSendSlot(new FrameWriter(Role.SERVER));
        assertThat(slot.tryTake()).isTrue();
        assertThat(slot.tryTake()).as("taken once").isFalse();
        String text = "y".repeat(300);
        byte[] frame = bytes(slot.text(text).buffers);
        assertThat(frame).containsExactly(Frames.server(Frames.TEXT, true, text.getBytes(StandardCharsets.UTF_8)));
        assertThat(slot.text("\u20ac".repeat(342))).as("1,026 bytes: longer than the slot").isNull();
        slot.release();
        assertThat(slot.tryTake()).isTrue();
        slot.retire();
        slot.release();
        assertThat(slot.tryTake()).as("retired for good").isFalse();
    }
}
