package dev.onramp.sample;

import dev.onramp.sample.ServerUnderTest.Kind;
import dev.onramp.testing.Frames;
import dev.onramp.testing.RawWebSocket;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server drops TCP right after the close handshake (RFC 6455 §7.1.1), also when the handshake completes on an
 * application thread: a text message and a close frame sent in one write reach the server together, the close
 * waits in the read-ahead while the endpoint echoes the message, and the engine answers it on the thread that
 * finished the echo, outside the container's callbacks.
 */
class PromptCloseIT {

    @RegisterExtension
    static final ServersPerContainer SERVERS = new ServersPerContainer();

    @ParameterizedTest
    @MethodSource("dev.onramp.sample.ServersPerContainer#containers")
    void aCloseRightBehindAMessageIsAnsweredAndTheServerDropsTcp(Kind kind) throws Exception {
        for (int round = 0; round < 20; round++) {
            try (RawWebSocket socket = RawWebSocket.open("127.0.0.1", SERVERS.get(kind).port(),
                    ServerUnderTest.CONTEXT + "/echo", "Content-Length: 0")) {
                socket.socket().setSoTimeout(10_000); // far beyond a prompt close, far below a client giving up
                assertThat(socket.upgraded()).as(socket.responseHead()).isTrue();
                // "hi" as a masked text frame, then a masked close frame with code 1000, in one write
                socket.send(Frames.clientText("hi"), Frames.clientClose(1000, ""));
                // ends only when the server closes TCP; a timeout throws
                assertThat(socket.readUntilClosed()).as("the echo, then the close reply")
                        .containsExactly(0x81, 0x02, 'h', 'i', 0x88, 0x02, 0x03, 0xE8);
            }
        }
    }
}
