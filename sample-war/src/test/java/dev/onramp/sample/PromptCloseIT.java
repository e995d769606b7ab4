package dev.onramp.sample;

import dev.onramp.sample.ServerUnderTest.Kind;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

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
            try (Socket socket = new Socket("127.0.0.1", SERVERS.get(kind).port())) {
                socket.setSoTimeout(10_000); // far beyond a prompt close, far below a client giving up
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                out.write(("GET " + ServerUnderTest.CONTEXT + "/echo HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                        + "Sec-WebSocket-Version: 13\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(readHead(in)).startsWith("HTTP/1.1 101");
                // "hi" as a masked text frame, then a masked close frame with code 1000, in one write
                byte[] mask = {1, 2, 3, 4};
                byte[] frames = {
                    (byte) 0x81, (byte) 0x82, mask[0], mask[1], mask[2], mask[3], (byte) ('h' ^ 1), (byte) ('i' ^ 2),
                    (byte) 0x88, (byte) 0x82, mask[0], mask[1], mask[2], mask[3], (byte) (0x03 ^ 1), (byte) (0xE8 ^ 2)};
                out.write(frames);
                out.flush();
                ByteArrayOutputStream rest = new ByteArrayOutputStream();
                in.transferTo(rest); // ends only when the server closes TCP; a timeout throws
                assertThat(rest.toByteArray()).as("the echo, then the close reply")
                        .containsExactly(0x81, 0x02, 'h', 'i', 0x88, 0x02, 0x03, 0xE8);
            }
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("EOF in the response head: " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }
}
