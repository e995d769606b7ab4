package dev.onramp.bench;

import dev.onramp.bench.servers.EchoEndpoint;
import dev.onramp.websocket.endpoint.AnnotatedServerEndpointConfig;
import dev.onramp.websocket.protocol.Role;
import dev.onramp.websocket.session.OnrampContainer;
import dev.onramp.websocket.session.OpenSessions;
import dev.onramp.websocket.session.SessionSetup;
import dev.onramp.websocket.session.WebSocketConnection;
import dev.onramp.websocket.transport.Transport;
import dev.onramp.websocket.transport.TransportHandler;
import dev.onramp.websocket.transport.WriteCallback;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The engine's per-message path of a small echo, end to end inside one thread: a masked 64-byte frame arrives from
 * the transport, is parsed and decoded, the endpoint's {@code @OnMessage}-style handler sends it back on the basic
 * remote, and the frame goes out through the outbound queue to a transport that completes every write at once.
 * Callbacks run inline (a direct executor), so the measurement is the engine alone: no thread hand-off, no socket.
 *
 * <p>Run with {@code -prof gc}: {@code gc.alloc.rate.norm} is the bytes allocated per echoed message, what the
 * native paths aim to bring to the message itself (the String a text handler receives) in steady state.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EchoHotPathBenchmark {

    /**
     * text: a {@code MessageHandler.Whole<String>}; binary: a {@code MessageHandler.Whole<ByteBuffer>}; both sending on
     * the basic remote. annotated-text, annotated-binary: the end-to-end servers' {@link EchoEndpoint}, whose
     * {@code @OnMessage} methods return the message.
     */
    @Param({"text", "binary", "annotated-text", "annotated-binary"})
    public String kind;

    /**
     * Payload bytes per message: 64 by default; {@code -p payload=1048576} measures the 1 MiB echo, whose frame the
     * transport delivers in reads of {@link #READ} bytes, so the message is collected piece by piece.
     */
    @Param({"64"})
    public int payload;

    /** Size of one transport read for a large message (a socket read's typical size). */
    private static final int READ = 64 * 1024;

    private byte[] wire;
    private ByteBuffer input;
    private byte[] template;
    private InstantTransport transport;
    private ScheduledExecutorService timers;
    private Session session;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        boolean text = kind.endsWith("text");
        template = maskedFrame(text ? 0x1 : 0x2, payload);
        wire = new byte[template.length];
        input = ByteBuffer.wrap(wire);
        timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-timers");
            t.setDaemon(true);
            return t;
        });
        OnrampContainer container = new DirectContainer(timers);
        Endpoint endpoint;
        ServerEndpointConfig config;
        if (kind.startsWith("annotated")) {
            AnnotatedServerEndpointConfig annotated = AnnotatedServerEndpointConfig.of(EchoEndpoint.class);
            endpoint = annotated.model().newEndpoint(new EchoEndpoint());
            config = annotated;
        } else {
            endpoint = text ? new TextEcho() : new BinaryEcho();
            config = ServerEndpointConfig.Builder.create(Endpoint.class, "/echo").build();
        }
        SessionSetup setup = SessionSetup.builder(Role.SERVER, endpoint, config, container, new OpenSessions())
                .requestUri(URI.create("ws://127.0.0.1/echo"))
                .classLoader(EchoHotPathBenchmark.class.getClassLoader())
                .userProperties(new HashMap<>())
                .build();
        transport = new InstantTransport();
        session = WebSocketConnection.open(transport, setup);
        session.setMaxTextMessageBufferSize(Math.max(session.getMaxTextMessageBufferSize(), payload));
        session.setMaxBinaryMessageBufferSize(Math.max(session.getMaxBinaryMessageBufferSize(), payload));
        if (transport.handler == null) {
            throw new IllegalStateException("the session did not start reading");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        session.close();
        timers.shutdownNow();
    }

    /** One message in, its echo out. Returns the bytes written, so nothing is optimised away. */
    @Benchmark
    public long echo() {
        System.arraycopy(template, 0, wire, 0, wire.length); // the parser unmasks in place
        long before = transport.written;
        for (int from = 0; from < wire.length; from += READ) {
            input.limit(Math.min(wire.length, from + READ)).position(from);
            transport.handler.onData(input);
        }
        long out = transport.written - before;
        long expected = payload + headerLength(payload) - 4;
        if (out != expected) {
            throw new IllegalStateException("echo of " + out + " bytes, expected " + expected);
        }
        return out;
    }

    /** A masked frame's header: 2 bytes, the extended length (2 or 8), the 4-byte mask key. */
    private static int headerLength(int size) {
        return 2 + (size < 126 ? 0 : size <= 0xFFFF ? 2 : 8) + 4;
    }

    private static byte[] maskedFrame(int opcode, int size) {
        int head = headerLength(size);
        byte[] frame = new byte[head + size];
        frame[0] = (byte) (0x80 | opcode);
        if (size < 126) {
            frame[1] = (byte) (0x80 | size);
        } else if (size <= 0xFFFF) {
            frame[1] = (byte) (0x80 | 126);
            ByteBuffer.wrap(frame, 2, 2).putShort((short) size);
        } else {
            frame[1] = (byte) (0x80 | 127);
            ByteBuffer.wrap(frame, 2, 8).putLong(size);
        }
        byte[] mask = {0x11, 0x22, 0x33, 0x44};
        System.arraycopy(mask, 0, frame, head - 4, 4);
        byte[] bytes = "0123456789abcdef".repeat(size / 16 + 1).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < size; i++) {
            frame[head + i] = (byte) (bytes[i] ^ mask[i & 3]);
        }
        return frame;
    }

    /** A transport whose writes complete at once and whose reads are pushed by the benchmark. */
    private static final class InstantTransport implements Transport {
        TransportHandler handler;
        long written;

        @Override
        public void start(TransportHandler handler) {
            this.handler = handler;
        }

        @Override
        public void demand() {
            // the benchmark delivers the next frame itself
        }

        @Override
        public void write(ByteBuffer[] buffers, boolean flush, WriteCallback callback) {
            for (ByteBuffer b : buffers) {
                written += b.remaining();
            }
            callback.completed();
        }

        /** As the native transports: the handler runs inline on the delivering thread (no hand-off per message). */
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

    /** Echoes text on the basic remote, as the sample's {@code @OnMessage} does. */
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

    /** A container whose callbacks run on the calling thread. */
    private static final class DirectContainer extends OnrampContainer {
        DirectContainer(ScheduledExecutorService timers) {
            super(Runnable::run, timers);
        }

        private static DeploymentException noClient() {
            return new DeploymentException("server sessions only");
        }

        @Override
        public Session connectToServer(Object annotatedEndpointInstance, URI path) throws DeploymentException {
            throw noClient();
        }

        @Override
        public Session connectToServer(Class<?> annotatedEndpointClass, URI path) throws DeploymentException {
            throw noClient();
        }

        @Override
        public Session connectToServer(Endpoint endpointInstance, ClientEndpointConfig cec, URI path)
                throws DeploymentException {
            throw noClient();
        }

        @Override
        public Session connectToServer(Class<? extends Endpoint> endpointClass, ClientEndpointConfig cec, URI path)
                throws DeploymentException {
            throw noClient();
        }
    }
}
