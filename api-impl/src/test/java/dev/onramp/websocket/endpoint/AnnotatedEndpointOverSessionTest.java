package dev.onramp.websocket.endpoint;

import dev.onramp.websocket.endpoint.TestDecoders.Point;
import dev.onramp.websocket.endpoint.TestDecoders.PointDecoder;
import dev.onramp.websocket.protocol.Role;
import dev.onramp.websocket.session.MessageKind;
import dev.onramp.websocket.session.OnrampContainer;
import dev.onramp.websocket.session.OpenSessions;
import dev.onramp.websocket.session.SessionSetup;
import dev.onramp.websocket.session.WebSocketConnection;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Decoder;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Encoder;
import jakarta.websocket.Endpoint;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Annotated endpoints driven by the real session layer over an in-memory client connection. */
class AnnotatedEndpointOverSessionTest {

    private final LoopbackTransport transport = new LoopbackTransport();
    private Recording pojo;

    /** Base class of the endpoints under test: events across threads, one queue per endpoint instance. */
    public static class Recording {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    }

    private static final class Container extends OnrampContainer {
        @Override
        public Session connectToServer(Object endpoint, URI path) throws DeploymentException {
            throw new DeploymentException("server side only");
        }

        @Override
        public Session connectToServer(Class<?> endpoint, URI path) throws DeploymentException {
            throw new DeploymentException("server side only");
        }

        @Override
        public Session connectToServer(Endpoint endpoint, ClientEndpointConfig cec, URI path)
                throws DeploymentException {
            throw new DeploymentException("server side only");
        }

        @Override
        public Session connectToServer(Class<? extends Endpoint> endpoint, ClientEndpointConfig cec, URI path)
                throws DeploymentException {
            throw new DeploymentException("server side only");
        }
    }

    private void open(Class<? extends Recording> endpointClass, Map<String, String> pathParameters)
            throws Exception {
        AnnotatedServerEndpointConfig config = AnnotatedServerEndpointConfig.of(endpointClass);
        pojo = (Recording) config.getConfigurator().getEndpointInstance(endpointClass);
        Endpoint endpoint = config.model().newEndpoint(pojo);
        SessionSetup setup = SessionSetup.builder(Role.SERVER, endpoint, config, new Container(), new OpenSessions())
                .requestUri(URI.create("/x")).pathParameters(pathParameters).build();
        WebSocketConnection.open(transport, setup);
    }

    private String nextEvent() throws InterruptedException {
        String e = pojo.events.poll(10, TimeUnit.SECONDS);
        assertThat(e).as("an endpoint event within 10 s").isNotNull();
        return e;
    }

    public static class PointEncoder implements Encoder.Text<Point> {
        @Override
        public String encode(Point p) {
            return "(" + p.x() + "," + p.y() + ")";
        }
    }

    @ServerEndpoint(value = "/rooms/{room}/{n}", decoders = PointDecoder.class, encoders = PointEncoder.class)
    public static class Room extends Recording {
        @OnOpen
        public void open(@PathParam("room") String room, @PathParam("n") int n) {
            events.add("open " + room + " " + n);
        }

        @OnMessage
        public Point move(Point p, @PathParam("n") int n) {
            return new Point(p.x() * n, p.y() * n);
        }

        @OnMessage
        public long size(byte[] data) {
            return data.length;
        }
    }

    @Test
    void decodesPathParametersAndMessagesAndEncodesReturnValues() throws Exception {
        open(Room.class, Map.of("room", "lobby", "n", "3"));
        assertThat(nextEvent()).isEqualTo("open lobby 3");
        transport.sendText("1,2");
        assertThat(transport.awaitFrames(1).get(0).text()).isEqualTo("(3,6)");
        transport.send(LoopbackTransport.BINARY, true, new byte[5]);
        LoopbackTransport.Frame reply = transport.awaitFrames(2).get(1);
        assertThat(reply.opcode()).isEqualTo(LoopbackTransport.TEXT);
        assertThat(reply.text()).isEqualTo("5");
    }

    @ServerEndpoint("/flags/{flag}")
    public static class Flags extends Recording {
        @OnMessage
        public String both(@PathParam("flag") boolean plain, Boolean message, @PathParam("{flag}") Boolean braced) {
            return message + " " + plain + " " + braced;
        }
    }

    @Test
    void aPathParamValueWrittenInBracesNamesTheVariable() throws Exception {
        open(Flags.class, Map.of("flag", "false"));
        transport.sendText("true");
        assertThat(transport.awaitFrames(1).get(0).text()).isEqualTo("true false false");
    }

    @ServerEndpoint("/calc")
    public static class Calc extends Recording {
        private final StringBuilder pieces = new StringBuilder();

        @OnMessage
        public String text(String piece, boolean last) {
            pieces.append(piece);
            if (!last) {
                return null;
            }
            String whole = pieces.toString();
            pieces.setLength(0);
            return "got " + whole;
        }

        @OnClose
        public void close(CloseReason reason) {
            events.add("close " + reason.getCloseCode().getCode());
        }
    }

    @Test
    void deliversPartialTextWithTheLastFlag() throws Exception {
        open(Calc.class, Map.of());
        transport.send(LoopbackTransport.TEXT, false, "ab".getBytes(StandardCharsets.UTF_8));
        transport.send(LoopbackTransport.CONTINUATION, true, "cd".getBytes(StandardCharsets.UTF_8));
        // nothing is returned for the first piece, so the only reply is the whole message
        assertThat(transport.awaitFrames(1).get(0).text()).isEqualTo("got abcd");
        transport.send(LoopbackTransport.CLOSE, true, new byte[] {0x03, (byte) 0xe8});
        assertThat(nextEvent()).isEqualTo("close 1000");
    }

    @ServerEndpoint("/limited")
    public static class Limited extends Recording {
        @OnMessage(maxMessageSize = 4)
        public String text(String s) {
            return s;
        }

        @OnClose
        public void close(CloseReason reason) {
            events.add("close " + reason.getCloseCode().getCode());
        }
    }

    @Test
    void maxMessageSizeLimitsTheSession() throws Exception {
        open(Limited.class, Map.of());
        transport.sendText("abcd");
        assertThat(transport.awaitFrames(1).get(0).text()).isEqualTo("abcd");
        transport.sendText("abcdefghij");
        LoopbackTransport.Frame close = transport.awaitFrames(2).get(1);
        assertThat(close.opcode()).isEqualTo(LoopbackTransport.CLOSE);
        assertThat(close.closeCode()).isEqualTo(1009);
    }

    @ServerEndpoint("/broken")
    public static class BrokenOpen extends Recording {
        @OnOpen
        public void open() {
            throw new IllegalStateException("cannot open");
        }

        @OnError
        public void error(Throwable t) {
            events.add("error " + t.getMessage());
        }

        @OnClose
        public void close(CloseReason reason) {
            events.add("close " + reason.getCloseCode().getCode());
        }
    }

    @Test
    void aFailingOnOpenReachesOnErrorOnceAndClosesWith1011() throws Exception {
        open(BrokenOpen.class, Map.of());
        assertThat(nextEvent()).isEqualTo("error cannot open");
        LoopbackTransport.Frame close = transport.awaitFrames(1).get(0);
        assertThat(close.opcode()).isEqualTo(LoopbackTransport.CLOSE);
        assertThat(close.closeCode()).isEqualTo(1011);
        // onError ran once: the next callback is onClose
        assertThat(nextEvent()).isEqualTo("close 1011");
    }

    /** What a bounded decoder decodes to: {@code BoundedDecoder}'s type variable stands for this type. */
    public static class Shape {
        final String name;

        Shape(String name) {
            this.name = name;
        }
    }

    /** A decoder whose result type is a type variable bounded by {@link Shape}: it decodes to Shape. */
    public static class BoundedDecoder<T extends Shape> implements Decoder.Text<T> {
        @Override
        @SuppressWarnings("unchecked")
        public T decode(String s) {
            return (T) new Shape(s);
        }

        @Override
        public boolean willDecode(String s) {
            return true;
        }
    }

    @ServerEndpoint(value = "/shapes", decoders = BoundedDecoder.class)
    public static class Shapes extends Recording {
        @OnMessage
        public void shape(Shape shape) {
            events.add("shape " + shape.name);
        }

        @OnError
        public void error(Throwable t) {
            events.add("error " + t);
        }
    }

    @Test
    void aDecoderOfABoundedTypeVariableDecodesToTheBoundAtDeploymentAndAtRuntime() throws Exception {
        // deployment: the @OnMessage parameter is a text message the declared decoder produces
        assertThat(AnnotatedEndpointModel.compile(Shapes.class, true).onMessage())
                .extracting(MessageCallback::kind).containsExactly(MessageKind.TEXT);
        // runtime: the session registers the handler for Shape and decodes through the same decoder
        open(Shapes.class, Map.of());
        transport.sendText("circle");
        assertThat(nextEvent()).isEqualTo("shape circle");
    }
}
