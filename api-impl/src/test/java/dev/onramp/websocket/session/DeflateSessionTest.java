package dev.onramp.websocket.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onramp.websocket.protocol.DeflateParameters;
import dev.onramp.websocket.protocol.PerMessageDeflate;
import jakarta.websocket.Session;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.Deflater;

/** A session with permessage-deflate negotiated: inbound messages inflated, outbound ones deflated in order. */
class DeflateSessionTest {
    private static final int TEXT_RSV1 = WireFrames.TEXT | 0x40;

    private final InMemoryTransport transport = new InMemoryTransport();

    private RecordingEndpoint openDeflating(Consumer<Session> onOpen) throws InterruptedException {
        return TestSessions.open(transport, onOpen, List.of(new DeflateExtension(DeflateParameters.defaults())));
    }

    private RecordingEndpoint openEcho() throws InterruptedException {
        return openDeflating(s -> s.addMessageHandler(String.class, text -> {
            try {
                s.getBasicRemote().sendText(text);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }));
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Test
    void inboundIsInflatedAndEchoesAreDeflatedWithContextTakeover() throws Exception {
        openEcho();
        // RFC 7692 §7.2.3.2: "Hello" twice, the second referring back into the first
        transport.feed(WireFrames.client(TEXT_RSV1, true, HexFormat.of().parseHex("f248cdc9c90700")));
        transport.feed(WireFrames.client(TEXT_RSV1, true, HexFormat.of().parseHex("f200110000")));
        transport.feed(WireFrames.clientText("Hello")); // uncompressed messages are still allowed
        List<WireFrames.Frame> frames = transport.awaitFrames(3);
        assertThat(frames).extracting(f -> hex(f.payload()))
                .containsExactly("f248cdc9c90700", "f200110000", "02130000"); // the third refers back further
        assertThat(frames).extracting(WireFrames.Frame::opcode).containsOnly(WireFrames.TEXT);
    }

    @Test
    void controlFramesAreNeverCompressed() throws Exception {
        openEcho();
        transport.feed(WireFrames.client(WireFrames.PING, true,
                "ping me".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        List<WireFrames.Frame> frames = transport.awaitFrames(1);
        assertThat(frames.get(0).opcode()).isEqualTo(WireFrames.PONG);
        assertThat(frames.get(0).text()).isEqualTo("ping me");
    }

    @Test
    void aFrameTheQueueRefusesIsForgottenByTheCompressor() throws Exception {
        RecordingEndpoint endpoint = openDeflating(s -> { });
        Session s = endpoint.session;
        transport.stallWrites();
        s.getAsyncRemote().sendText("Hello"); // queued: the queue always takes a frame when it is empty
        byte[] big = new byte[(int) ContainerDefaults.OUTBOUND_QUEUE_LIMIT_BYTES + 1024];
        new java.util.Random(9).nextBytes(big); // incompressible: over the queue limit after compression too
        System.arraycopy("Hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, big, big.length - 5, 5);
        java.util.concurrent.Future<Void> refused = s.getAsyncRemote().sendBinary(java.nio.ByteBuffer.wrap(big));
        assertThatThrownBy(() -> refused.get(10, java.util.concurrent.TimeUnit.SECONDS))
                .hasCauseInstanceOf(IOException.class);
        s.getAsyncRemote().sendText("Hello");
        transport.releaseWrites();
        List<WireFrames.Frame> frames = transport.awaitFrames(2);
        // without forgetting, the second "Hello" would point back into the refused message's last bytes
        assertThat(frames).extracting(f -> hex(f.payload())).containsExactly("f248cdc9c90700", "f248cdc9c90700");
    }

    @Test
    void theCodecIsReleasedWhenTheConnectionEnds() throws Exception {
        Session[] session = new Session[1];
        RecordingEndpoint endpoint = openDeflating(s -> session[0] = s);
        PerMessageDeflate codec = codecOf(session[0]);
        assertThat(codec.startOutbound(WireFrames.TEXT)).isEqualTo(0b100); // usable while open
        transport.feedEndOfInput(); // TCP lost: 1006, and the native zlib memory must be freed
        assertThat(endpoint.next()).isEqualTo("close:1006");
        assertThat(transport.awaitClosed(10)).isTrue();
        assertThatThrownBy(() -> codec.startOutbound(WireFrames.TEXT)).isInstanceOf(IllegalStateException.class);
    }

    /** The session's codec, found by type (the engine does not expose it). */
    private static PerMessageDeflate codecOf(Session session) throws Exception {
        Object lifecycle = fieldOfType(fieldOfType(session, WebSocketConnection.class), CloseLifecycle.class);
        for (Field f : CloseLifecycle.class.getDeclaredFields()) {
            if (List.class.isAssignableFrom(f.getType())) {
                f.setAccessible(true);
                for (Object o : (List<?>) f.get(lifecycle)) {
                    if (o instanceof PerMessageDeflate codec) {
                        return codec;
                    }
                }
            }
        }
        throw new AssertionError("no PerMessageDeflate in the connection's close lifecycle");
    }

    private static Object fieldOfType(Object owner, Class<?> type) throws Exception {
        for (Field f : owner.getClass().getDeclaredFields()) {
            if (f.getType() == type) {
                f.setAccessible(true);
                return f.get(owner);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + owner.getClass());
    }

    @Test
    void theSizeLimitCountsInflatedBytes() throws Exception {
        RecordingEndpoint endpoint = openDeflating(s -> {
            s.setMaxTextMessageBufferSize(10_000);
            s.addMessageHandler(String.class, text -> { });
        });
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(new byte[1_000_000]);
        deflater.finish();
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
        while (!deflater.finished()) {
            bomb.write(chunk, 0, deflater.deflate(chunk));
        }
        deflater.end();
        assertThat(bomb.size()).isLessThan(10_000); // small on the wire, a million bytes inflated
        transport.feed(WireFrames.client(TEXT_RSV1, true, bomb.toByteArray()));
        List<WireFrames.Frame> frames = transport.awaitFrames(1);
        assertThat(frames.get(0).opcode()).isEqualTo(WireFrames.CLOSE);
        assertThat(frames.get(0).closeCode()).isEqualTo(1009);
        assertThat(endpoint.next()).startsWith("error");
    }
}
