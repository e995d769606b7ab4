package dev.onramp.websocket.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onramp.testing.Frames;
import dev.onramp.websocket.protocol.Role;
import dev.onramp.websocket.testing.InMemoryTransport;
import dev.onramp.websocket.testing.TestContainer;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Decoder;
import jakarta.websocket.Encoder;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import org.junit.jupiter.api.Test;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * DESIGN.md: "Application callbacks are never invoked while Onramp holds an internal lock". Every kind of
 * application code the engine calls (endpoint callbacks, whole/partial/pong handlers, decoders, encoders, send
 * handlers) looks at the monitors and synchronizers its own thread holds, as the JVM reports them.
 */
class CallbacksHoldNoLockTest {

    /** Every violation seen ("where holds what"), and every place that was checked. */
    static final List<String> VIOLATIONS = new CopyOnWriteArrayList<>();
    static final Set<String> CHECKED = ConcurrentHashMap.newKeySet();

    /** Records the Onramp monitors and any synchronizer (but a pool worker's own) the calling thread holds. */
    static void check(String where) {
        CHECKED.add(where);
        ThreadInfo info = ManagementFactory.getThreadMXBean()
                .getThreadInfo(new long[] {Thread.currentThread().getId()}, true, true)[0];
        for (MonitorInfo monitor : info.getLockedMonitors()) {
            if (monitor.getClassName().startsWith("dev.onramp.")) {
                VIOLATIONS.add(where + " holds the monitor of " + monitor.getClassName());
            }
        }
        for (LockInfo lock : info.getLockedSynchronizers()) {
            if (!lock.getClassName().startsWith("java.util.concurrent.ThreadPoolExecutor$Worker")) {
                VIOLATIONS.add(where + " holds " + lock.getClassName());
            }
        }
    }

    /** A decoded type, to have a decoder and an encoder called. */
    record Number(int value) {
    }

    public static final class NumberDecoder implements Decoder.Text<Number> {
        @Override
        public Number decode(String s) {
            check("Decoder.decode");
            return new Number(Integer.parseInt(s.substring(1)));
        }

        @Override
        public boolean willDecode(String s) {
            check("Decoder.willDecode");
            return s.startsWith("#");
        }
    }

    public static final class NumberEncoder implements Encoder.Text<Number> {
        @Override
        public String encode(Number n) {
            check("Encoder.encode");
            return "=" + n.value();
        }
    }

    private final class CheckingEndpoint extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            check("Endpoint.onOpen");
            session.addMessageHandler(Number.class, (MessageHandler.Whole<Number>) n -> {
                check("MessageHandler.Whole(decoded)");
                if (n.value() == 0) {
                    throw new IllegalStateException("zero");
                }
                session.getAsyncRemote().sendObject(n, result -> {
                    check("SendHandler.onResult");
                    events.add("sent " + n.value());
                });
            });
            session.addMessageHandler(ByteBuffer.class, (MessageHandler.Partial<ByteBuffer>) (piece, last) -> {
                check("MessageHandler.Partial");
                if (last) {
                    events.add("binary");
                }
            });
            session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) pong -> {
                check("MessageHandler.Whole(pong)");
                events.add("pong");
            });
        }

        @Override
        public void onError(Session session, Throwable thr) {
            check("Endpoint.onError");
            events.add("error");
        }

        @Override
        public void onClose(Session session, CloseReason closeReason) {
            check("Endpoint.onClose");
            events.add("close");
        }
    }

    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    private String next() throws InterruptedException {
        String e = events.poll(10, TimeUnit.SECONDS);
        assertThat(e).as("an event within 10 s").isNotNull();
        return e;
    }

    @Test
    void noApplicationCallbackRunsUnderAnOnrampLock() throws Exception {
        VIOLATIONS.clear();
        CHECKED.clear();
        EndpointConfig config = TestSessions.config(List.of(NumberEncoder.class), List.of(NumberDecoder.class));
        InMemoryTransport transport = new InMemoryTransport();
        SessionSetup setup = SessionSetup.builder(Role.SERVER, new CheckingEndpoint(), config, new TestContainer(),
                new OpenSessions()).requestUri(URI.create("/locks")).build();
        WebSocketConnection.open(transport, setup);

        transport.feed(Frames.clientText("#7"));
        assertThat(next()).isEqualTo("sent 7");
        assertThat(transport.awaitFrames(1).get(0).text()).isEqualTo("=7");
        transport.feed(Frames.concat(Frames.client(Frames.BINARY, false, new byte[] {1}),
                Frames.client(Frames.CONTINUATION, true, new byte[] {2})));
        assertThat(next()).isEqualTo("binary");
        transport.feed(Frames.client(Frames.PONG, true, "p".getBytes(StandardCharsets.US_ASCII)));
        assertThat(next()).isEqualTo("pong");
        transport.feed(Frames.clientText("#0"));
        assertThat(next()).isEqualTo("error");
        transport.feed(Frames.client(Frames.CLOSE, true, new byte[] {0x03, (byte) 0xe8}));
        assertThat(next()).isEqualTo("close");

        assertThat(CHECKED).contains("Endpoint.onOpen", "Decoder.willDecode", "Decoder.decode",
                "MessageHandler.Whole(decoded)", "Encoder.encode", "SendHandler.onResult", "MessageHandler.Partial",
                "MessageHandler.Whole(pong)", "Endpoint.onError", "Endpoint.onClose");
        assertThat(VIOLATIONS).isEmpty();
    }
}
