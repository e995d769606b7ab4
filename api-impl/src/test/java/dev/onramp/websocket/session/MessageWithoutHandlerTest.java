package dev.onramp.websocket.session;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.websocket.MessageHandler;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A data message for which the session has no handler is dropped; the session stays open and usable (a server
 * greets in its onOpen before the client registered anything, and the client then sends).
 */
class MessageWithoutHandlerTest {

    private final InMemoryTransport transport = new InMemoryTransport();

    @Test
    void aMessageNobodyHandlesIsDroppedAndTheSessionStaysOpen() throws Exception {
        RecordingEndpoint endpoint = TestSessions.open(transport, s -> { });
        transport.feed(WireFrames.concat(
                WireFrames.clientText("nobody listens"),
                WireFrames.client(WireFrames.BINARY, false, new byte[] {1, 2}),
                WireFrames.client(WireFrames.CONT, true, new byte[] {3}),
                WireFrames.client(WireFrames.PING, true, new byte[] {9})));
        // the pong is written once the parser got past the messages before the ping
        assertThat(transport.awaitFrames(1).get(0).opcode()).isEqualTo(WireFrames.PONG);
        // the handler registered now gets the next message: the dropped ones did not stop reading
        endpoint.session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
            try {
                endpoint.session.getBasicRemote().sendText("echo " + text);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        transport.feed(WireFrames.clientText("now"));
        List<WireFrames.Frame> frames = transport.awaitFrames(2);
        assertThat(frames.get(1).opcode()).isEqualTo(WireFrames.TEXT);
        assertThat(frames.get(1).text()).isEqualTo("echo now");
        assertThat(endpoint.session.isOpen()).isTrue();
        assertThat(endpoint.events).isEmpty();
    }

    @Test
    void aDroppedMessageIsNotHeldToTheBufferLimit() throws Exception {
        RecordingEndpoint endpoint = TestSessions.open(transport, s -> s.setMaxBinaryMessageBufferSize(4));
        byte[] large = "more than four bytes".getBytes(StandardCharsets.UTF_8);
        transport.feed(WireFrames.client(WireFrames.BINARY, true, large));
        endpoint.session.getBasicRemote().sendText("still open");
        assertThat(transport.awaitFrames(1).get(0).text()).isEqualTo("still open");
        assertThat(endpoint.events).isEmpty();
    }
}
