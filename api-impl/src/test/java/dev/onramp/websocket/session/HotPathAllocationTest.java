package dev.onramp.websocket.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onramp.websocket.endpoint.AnnotatedServerEndpointConfig;
import dev.onramp.websocket.protocol.Role;
import dev.onramp.websocket.testing.TestContainer;
import dev.onramp.websocket.transport.Transport;
import dev.onramp.websocket.transport.TransportHandler;
import dev.onramp.websocket.transport.WriteCallback;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Issue 15: in steady state a small echoed message costs no allocation of the engine's own on the inline path, only
 * the message the handler receives (its String and bytes, or its ByteBuffer copy). The harness is the one of
 * {@code EchoHotPathBenchmark}: a masked 64-byte frame in, parsed, delivered inline to a handler that sends it back on
 * the basic remote, out through the outbound queue to a transport that completes every write at once, all on this
 * thread; the bytes this thread allocates are counted over many messages after a warm-up. Before the change the
 * engine allocated a header buffer, a {@code ByteBuffer[]}, a frame, a batch, a list, a future and two lambdas per
 * message (about 540 B text, 440 B binary).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class HotPathAllocationTest {

    private static final int PAYLOAD = 64;
    private static final int WARM_UP = 30_000;
    private static final int MEASURED = 10_000;
    /**
     * What a 64-byte message itself costs: a String (24 B) and its byte[] (80 B) for text; a HeapByteBuffer (48–56 B)
     * and its byte[] (80 B) for binary. The bounds leave room for object layouts of other JVMs, not for an engine
     * allocation per message (the smallest, a lambda or a ByteBuffer[2], is 16–24 B; the old path took 300+ B more).
     */
    private static final long TEXT_BOUND = 160;
    private static final long BINARY_BOUND = 176;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "allocation-test-timers");
        t.setDaemon(true);
        return t;
    });
    private Session session;

    @AfterEach
    void close() throws IOException {
        if (session != null) {
            session.close();
        }
        timers.shutdownNow();
    }

    @Test
    void anEchoedSmallTextMessageCostsOnlyItsString() throws Exception {
        long perMessage = bytesPerEcho(true);
        System.out.println("HotPathAllocationTest: text echo allocates " + perMessage + " B per message");
        assertThat(perMessage).isLessThanOrEqualTo(TEXT_BOUND);
    }

    @Test
    void anEchoedSmallBinaryMessageCostsOnlyItsCopy() throws Exception {
        long perMessage = bytesPerEcho(false);
        System.out.println("HotPathAllocationTest: binary echo allocates " + perMessage + " B per message");
        assertThat(perMessage).isLessThanOrEqualTo(BINARY_BOUND);
    }

    @Test
    void aSmallTextMessageEchoedAsAnOnMessageReturnValueCostsOnlyItsString() throws Exception {
        AnnotatedServerEndpointConfig config = AnnotatedServerEndpointConfig.of(ReturnEcho.class);
        Endpoint endpoint = config.model().newEndpoint(new ReturnEcho());
        long perMessage = bytesPerEcho(true, endpoint, config);
        System.out.println("HotPathAllocationTest: text echo by return value allocates " + perMessage + " B per message");
        assertThat(perMessage).isLessThanOrEqualTo(TEXT_BOUND);
    }

    @Test
    void aSmallBinaryMessageEchoedAsAnOnMessageReturnValueCostsOnlyItsCopy() throws Exception {
        AnnotatedServerEndpointConfig config = AnnotatedServerEndpointConfig.of(ReturnEcho.class);
        Endpoint endpoint = config.model().newEndpoint(new ReturnEcho());
        long perMessage = bytesPerEcho(false, endpoint, config);
        System.out.println("HotPathAllocationTest: binary echo by return value allocates " + perMessage
                + " B per message");
        assertThat(perMessage).isLessThanOrEqualTo(BINARY_BOUND);
    }

    private long bytesPerEcho(boolean text) throws Exception {
        return bytesPerEcho(text, text ? new TextEcho() : new BinaryEcho(), TestSessions.config());
    }

    private long bytesPerEcho(boolean text, Endpoint endpoint, EndpointConfig config) throws Exception {
        InstantTransport transport = new InstantTransport();
        SessionSetup setup = SessionSetup.builder(Role.SERVER, endpoint, config,
                        new TestContainer(Runnable::run, timers), new OpenSessions()) // callbacks on this thread
                .requestUri(URI.create("ws://127.0.0.1/echo"))
                .classLoader(HotPathAllocationTest.class.getClassLoader())
                .userProperties(new HashMap<>())
                .build();
        session = WebSocketConnection.open(transport, setup);
        assertThat(transport.handler).as("the session reads").isNotNull();
        byte[] template = maskedFrame(text ? 0x1 : 0x2);
        byte[] wire = new byte[template.length];
        ByteBuffer input = ByteBuffer.wrap(wire);
        long expected = 2 + PAYLOAD; // the server's frame: 2-byte header, no mask

        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        echo(transport, template, wire, input, WARM_UP, expected);
        long before = threads.getThreadAllocatedBytes(thread);
        echo(transport, template, wire, input, MEASURED, expected);
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        return allocated / MEASURED;
    }

    private static void echo(InstantTransport transport, byte[] template, byte[] wire, ByteBuffer input, int messages,
            long expected) {
        for (int i = 0; i < messages; i++) {
            System.arraycopy(template, 0, wire, 0, wire.length); // the parser unmasks in place
            long before = transport.written;
            input.clear();
            transport.handler.onData(input);
            if (transport.written - before != expected) {
                throw new AssertionError("echo of " + (transport.written - before) + " bytes, expected " + expected);
            }
        }
    }

    private static byte[] maskedFrame(int opcode) {
        byte[] frame = new byte[6 + PAYLOAD];
        frame[0] = (byte) (0x80 | opcode);
        frame[1] = (byte) (0x80 | PAYLOAD);
        byte[] mask = {0x11, 0x22, 0x33, 0x44};
        System.arraycopy(mask, 0, frame, 2, 4);
        byte[] bytes = "0123456789abcdef".repeat(PAYLOAD / 16).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < PAYLOAD; i++) {
            frame[6 + i] = (byte) (bytes[i] ^ mask[i & 3]);
        }
        return frame;
    }

    /** A transport whose writes complete at once and whose reads the test pushes; handlers may run inline. */
    private static final class InstantTransport implements Transport {
        TransportHandler handler;
        long written;

        @Override
        public void start(TransportHandler handler) {
            this.handler = handler;
        }

        @Override
        public void demand() {
        }

        @Override
        public void write(ByteBuffer[] buffers, boolean flush, WriteCallback callback) {
            for (ByteBuffer b : buffers) {
                written += b.remaining();
            }
            callback.completed();
        }

        @Override
        public int readThreadsForApplicationCode() {
            return Integer.MAX_VALUE;
        }

        @Override
        public void close() {
        }

        @Override
        public boolean isSecure() {
            return false;
        }

        @Override
        public InetSocketAddress localAddress() {
            return null;
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return null;
        }
    }

    /** Echoes text on the basic remote. */
    public static final class TextEcho extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.addMessageHandler(String.class, message -> {
                try {
                    session.getBasicRemote().sendText(message);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** Echoes binary on the basic remote. */
    public static final class BinaryEcho extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) message -> {
                try {
                    session.getBasicRemote().sendBinary(message);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** Echoes through {@code @OnMessage} return values, as the sample and the benchmarks' servers do. */
    @ServerEndpoint("/echo")
    public static final class ReturnEcho {
        @OnMessage
        public String text(String message) {
            return message;
        }

        @OnMessage
        public ByteBuffer binary(ByteBuffer message) {
            return message;
        }
    }
}
