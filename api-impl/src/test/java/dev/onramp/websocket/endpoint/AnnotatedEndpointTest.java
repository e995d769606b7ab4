package dev.onramp.websocket.endpoint;

import dev.onramp.testing.CapturedLog;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DecodeException;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpointConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Drives compiled endpoints through {@link RecordingSession}, a stand-in for the session layer (these tests become
 * end-to-end tests once the real session exists).
 */
class AnnotatedEndpointTest {

    private final RecordingSession recording = new RecordingSession();
    private final Session session = recording.session;
    private final EndpointConfig config = ServerEndpointConfig.Builder.create(Object.class, "/x").build();

    private Endpoint open(Object pojo) throws DeploymentException {
        Endpoint endpoint = AnnotatedEndpointModel.compile(pojo.getClass(), true).newEndpoint(pojo);
        try {
            endpoint.onOpen(session, config);
        } catch (Throwable t) {
            // what the session layer does with an exception from onOpen (before it closes with 1011)
            endpoint.onError(session, t);
        }
        return endpoint;
    }

    public static class Chat {
        final List<String> events = new ArrayList<>();
        Runnable onOpenHook = () -> { };
        RuntimeException throwOnMessage;
        RuntimeException throwOnClose;

        @OnOpen
        public void open(Session s, EndpointConfig c, @PathParam("room") String room, @PathParam("n") int n) {
            onOpenHook.run();
            events.add("open " + (s != null) + " " + (c != null) + " " + room + " " + n);
        }

        @OnMessage(maxMessageSize = 100)
        public String text(String message, @PathParam("room") String room, Session s) {
            if (throwOnMessage != null) {
                throw throwOnMessage;
            }
            events.add("text " + message + " in " + room);
            return message.isEmpty() ? null : "echo " + message;
        }

        @OnMessage(maxMessageSize = 1L << 40)
        public void binary(byte[] data, boolean last) {
            events.add("binary " + data.length + " " + last);
        }

        @OnMessage
        public void pong(PongMessage pong) {
            events.add("pong");
        }

        @OnClose
        public void close(CloseReason reason, Session s) {
            events.add("close " + reason.getCloseCode().getCode());
            if (throwOnClose != null) {
                throw throwOnClose;
            }
        }

        @OnError
        public void error(Throwable t, Session s) {
            events.add("error " + t.getClass().getSimpleName() + ": " + t.getMessage());
        }
    }

    @Test
    void onOpenRegistersOneHandlerPerMessageMethodBeforeCallingOnOpen() throws DeploymentException {
        recording.pathParameters.put("room", "lobby");
        recording.pathParameters.put("n", "7");
        Chat chat = new Chat();
        List<Integer> handlersAtOpen = new ArrayList<>();
        chat.onOpenHook = () -> handlersAtOpen.add(recording.registrations.size());
        open(chat);
        assertThat(handlersAtOpen).containsExactly(3);
        assertThat(chat.events).containsExactly("open true true lobby 7");
        assertThat(recording.only(String.class).partial()).isFalse();
        assertThat(recording.only(byte[].class).partial()).isTrue();
        assertThat(recording.only(PongMessage.class).partial()).isFalse();
    }

    @Test
    void appliesMaxMessageSizePerKindCappedAtIntMax() throws DeploymentException {
        open(new Chat());
        assertThat(recording.maxText).isEqualTo(100);
        assertThat(recording.maxBinary).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void leavesContainerLimitsAloneWithoutMaxMessageSize() throws DeploymentException {
        open(new Primitive());
        assertThat(recording.maxText).isNull();
        assertThat(recording.maxBinary).isNull();
    }

    @Test
    void deliversMessagesAndSendsReturnValues() throws DeploymentException {
        recording.pathParameters.put("room", "lobby");
        recording.pathParameters.put("n", "1");
        Chat chat = new Chat();
        open(chat);
        recording.deliver(String.class, "hi");
        recording.deliver(String.class, "");
        recording.deliver(byte[].class, new byte[3], false);
        recording.deliver(byte[].class, new byte[2], true);
        recording.deliver(PongMessage.class, (PongMessage) () -> ByteBuffer.allocate(0));
        assertThat(chat.events).containsExactly("open true true lobby 1", "text hi in lobby", "text  in lobby",
                "binary 3 false", "binary 2 true", "pong");
        // a null return value sends nothing
        assertThat(recording.sent).containsExactly("echo hi");
    }

    /** Message, {@code last} and session in any order: the calls that need no argument array (CallbackMethod). */
    public static class Shuffled {
        final List<Object> arguments = new ArrayList<>();

        @OnMessage
        public String parts(Session s, boolean last, String part) {
            arguments.add(s);
            arguments.add(part + " " + last);
            return last ? "whole" : null;
        }

        @OnMessage
        public void binary(ByteBuffer data, Session s) {
            arguments.add("binary " + data.remaining());
            arguments.add(s);
        }
    }

    @Test
    void theMessageLastAndSessionReachTheirParametersInAnyOrder() throws DeploymentException {
        Shuffled pojo = new Shuffled();
        open(pojo);
        recording.deliver(String.class, "a", false);
        recording.deliver(String.class, "b", true);
        recording.deliver(ByteBuffer.class, ByteBuffer.allocate(5));
        assertThat(pojo.arguments).containsExactly(session, "a false", session, "b true", "binary 5", session);
        assertThat(recording.sent).containsExactly("whole");
    }

    @Test
    void aFailedSendOfAReturnValueGoesToOnError() throws DeploymentException {
        recording.pathParameters.put("n", "1");
        Chat chat = new Chat();
        open(chat);
        recording.sendFailure = new IOException("socket gone");
        recording.deliver(String.class, "hi");
        assertThat(chat.events).last().isEqualTo("error IOException: socket gone");
    }

    @Test
    void anExceptionFromOnMessageReachesOnErrorUnwrapped() throws DeploymentException {
        recording.pathParameters.put("n", "1");
        Chat chat = new Chat();
        open(chat);
        chat.throwOnMessage = new IllegalStateException("bad state");
        recording.deliver(String.class, "hi");
        assertThat(chat.events).last().isEqualTo("error IllegalStateException: bad state");
        assertThat(recording.sent).isEmpty();
    }

    @Test
    void aPathParameterThatDoesNotConvertIsADecodeExceptionForOnError() throws DeploymentException {
        recording.pathParameters.put("n", "seven");
        Chat chat = new Chat();
        open(chat);
        assertThat(chat.events).hasSize(1);
        assertThat(chat.events.get(0)).startsWith("error DecodeException: ").contains("'n'", "seven");
    }

    @Test
    void aMissingPathParameterIsNullForAStringAndAnErrorForAPrimitive() throws DeploymentException {
        Chat chat = new Chat();
        open(chat);
        assertThat(chat.events).containsExactly("error DecodeException: No value for path parameter 'n' of "
                + "primitive type int");
        recording.deliver(String.class, "x");
        assertThat(chat.events).last().isEqualTo("text x in null");
    }

    public static class FailingOpen {
        static final Exception FAILURE = new Exception("checked failure");
        final List<Throwable> errors = new ArrayList<>();

        @OnOpen
        public void open() throws Exception {
            throw FAILURE;
        }

        @OnError
        public void error(Throwable t) {
            errors.add(t);
        }
    }

    @Test
    void anExceptionFromOnOpenLeavesOnOpenUnchangedForTheSessionLayer() throws DeploymentException {
        FailingOpen pojo = new FailingOpen();
        Endpoint endpoint = AnnotatedEndpointModel.compile(FailingOpen.class, true).newEndpoint(pojo);
        Throwable thrown = null;
        try {
            endpoint.onOpen(session, config);
        } catch (Throwable t) {
            thrown = t;
        }
        assertThat(thrown).isSameAs(FailingOpen.FAILURE);
        // not yet handled: the session layer passes it to onError, which reaches @OnError once
        assertThat(pojo.errors).isEmpty();
        endpoint.onError(session, thrown);
        assertThat(pojo.errors).containsExactly(FailingOpen.FAILURE);
    }

    @Test
    void onCloseReceivesTheReasonAndItsExceptionsReachOnError() throws DeploymentException {
        recording.pathParameters.put("n", "1");
        Chat chat = new Chat();
        Endpoint endpoint = open(chat);
        chat.throwOnClose = new IllegalArgumentException("close failed");
        endpoint.onClose(session, new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "bye"));
        assertThat(chat.events).containsSubsequence("close 1001", "error IllegalArgumentException: close failed");
    }

    @Test
    void theSessionLayersOnErrorReachesOnError() throws DeploymentException {
        recording.pathParameters.put("n", "1");
        Chat chat = new Chat();
        Endpoint endpoint = open(chat);
        endpoint.onError(session, new DecodeException("x", "cannot decode"));
        assertThat(chat.events).last().isEqualTo("error DecodeException: cannot decode");
    }

    public static class Primitive {
        final List<Object> received = new ArrayList<>();

        @OnMessage
        public int twice(int value) {
            received.add(value);
            return value * 2;
        }

        @OnMessage
        public void bytes(ByteBuffer data, Session session) {
            received.add(data.remaining());
        }
    }

    @Test
    void aPrimitiveMessageIsRegisteredAsItsBoxAndItsResultIsSent() throws DeploymentException {
        Primitive pojo = new Primitive();
        open(pojo);
        recording.deliver(Integer.class, 21);
        recording.deliver(ByteBuffer.class, ByteBuffer.allocate(5));
        assertThat(pojo.received).containsExactly(21, 5);
        assertThat(recording.sent).containsExactly(42);
    }

    public static class NoErrorHandler {
        @OnOpen
        public void open() {
            throw new IllegalStateException("open failed");
        }

        @OnMessage
        public void text(String s) {
            throw new IllegalStateException("message failed");
        }
    }

    @Test
    void withoutOnErrorFailuresAreLoggedNotThrown() throws DeploymentException {
        try (CapturedLog log = CapturedLog.of(AnnotatedEndpoint.class.getName())) {
            Endpoint endpoint = open(new NoErrorHandler());
            recording.deliver(String.class, "x");
            endpoint.onError(session, new IOException("transport"));
            endpoint.onClose(session, new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, ""));
            // each failure is logged once, at WARNING, naming the endpoint class and carrying what was thrown
            assertThat(log.atLeast(Level.WARNING)).allSatisfy(entry -> {
                assertThat(entry.level()).isEqualTo(Level.WARNING);
                assertThat(entry.message()).contains(NoErrorHandler.class.getName()).contains("no @OnError method");
            }).extracting(entry -> entry.thrown().getMessage())
                    .containsExactly("open failed", "message failed", "transport");
        }
    }

    public static class ThrowingErrorHandler {
        int calls;

        @OnError
        public void error(Throwable t) {
            calls++;
            throw new IllegalStateException("error handler failed");
        }
    }

    @Test
    void anOnErrorThatThrowsIsLoggedNotRecursed() throws DeploymentException {
        ThrowingErrorHandler pojo = new ThrowingErrorHandler();
        Endpoint endpoint = open(pojo);
        endpoint.onError(session, new IOException("transport"));
        assertThat(pojo.calls).isEqualTo(1);
    }

    @Test
    void newEndpointRejectsAnInstanceOfAnotherClass() throws DeploymentException {
        AnnotatedEndpointModel model = AnnotatedEndpointModel.compile(Chat.class, true);
        assertThatThrownBy(() -> model.newEndpoint(new Primitive())).isInstanceOf(IllegalArgumentException.class);
        assertThat(model.newEndpoint(new Chat())).isNotSameAs(model.newEndpoint(new Chat()));
    }
}
