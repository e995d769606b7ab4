package dev.onramp.websocket.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onramp.testing.CapturedLog;
import dev.onramp.testing.Frames;
import dev.onramp.websocket.testing.InMemoryTransport;
import jakarta.websocket.MessageHandler;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.logging.Level;

/**
 * A data message for which the session has no handler is dropped; the session stays open and usable (a server
 * greets in its onOpen before the client registered anything, and the client then sends). The loss is visible: a
 * WARNING once per session and kind of message (issue 12 item 13).
 */
class MessageWithoutHandlerTest {

    private final InMemoryTransport transport = new InMemoryTransport();

    @Test
    void aMessageNobodyHandlesIsDroppedAndTheSessionStaysOpen() throws Exception {
        RecordingEndpoint endpoint = TestSessions.open(transport, s -> { });
        transport.feed(Frames.concat(
                Frames.clientText("nobody listens"),
                Frames.client(Frames.BINARY, false, new byte[] {1, 2}),
                Frames.client(Frames.CONTINUATION, true, new byte[] {3}),
                Frames.client(Frames.PING, true, new byte[] {9})));
        // the pong is written once the parser got past the messages before the ping
        assertThat(transport.awaitFrames(1).get(0).opcode()).isEqualTo(Frames.PONG);
        // the handler registered now gets the next message: the dropped ones did not stop reading
        endpoint.session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
            try {
                endpoint.session.getBasicRemote().sendText("echo " + text);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        transport.feed(Frames.clientText("now"));
        List<Frames.Frame> frames = transport.awaitFrames(2);
        assertThat(frames.get(1).opcode()).isEqualTo(Frames.TEXT);
        assertThat(frames.get(1).text()).isEqualTo("echo now");
        assertThat(endpoint.session.isOpen()).isTrue();
        assertThat(endpoint.events).isEmpty();
    }

    @Test
    void aDroppedMessageIsNotHeldToTheBufferLimit() throws Exception {
        RecordingEndpoint endpoint = TestSessions.open(transport, s -> s.setMaxBinaryMessageBufferSize(4));
        byte[] large = "more than four bytes".getBytes(StandardCharsets.UTF_8);
        transport.feed(Frames.client(Frames.BINARY, true, large));
        endpoint.session.getBasicRemote().sendText("still open");
        assertThat(transport.awaitFrames(1).get(0).text()).isEqualTo("still open");
        assertThat(endpoint.events).isEmpty();
    }

    @Test
    void aDroppedMessageIsAWarningOncePerSessionAndKind() throws Exception {
        try (CapturedLog log = CapturedLog.of(MessageDispatcher.class.getName())) {
            RecordingEndpoint endpoint = TestSessions.open(transport, s -> { });
            transport.feed(Frames.concat(
                    Frames.clientText("one"),
                    Frames.clientText("two"),
                    Frames.client(Frames.BINARY, true, new byte[] {1}),
                    Frames.client(Frames.BINARY, true, new byte[] {2}),
                    Frames.client(Frames.PING, true, new byte[] {9})));
            // the pong is written once the parser got past the messages before the ping
            assertThat(transport.awaitFrames(1).get(0).opcode()).isEqualTo(Frames.PONG);
            // only this session's: an earlier test's session may still report its own drop on its read thread
            List<CapturedLog.Entry> warnings = log.atLeast(Level.WARNING).stream()
                    .filter(e -> e.message().contains(endpoint.session.getId() + " "))
                    .toList();
            assertThat(warnings).as("warnings for 2 dropped text and 2 dropped binary messages").hasSize(2);
            assertThat(warnings.get(0).message()).contains(endpoint.session.getId(), "no text message handler");
            assertThat(warnings.get(1).message()).contains(endpoint.session.getId(), "no binary message handler");
            assertThat(endpoint.session.isOpen()).isTrue();
        }
    }
}
