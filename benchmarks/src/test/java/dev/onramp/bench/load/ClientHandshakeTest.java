package dev.onramp.bench.load;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientHandshakeTest {

    // RFC 6455 §1.3
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    private static final String ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    private static ByteBuffer wire(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void requestCarriesKeyAndVersion() {
        String request = new String(new ClientHandshake("127.0.0.1:9", "/echo", KEY).request(),
                StandardCharsets.ISO_8859_1);
        assertThat(request).startsWith("GET /echo HTTP/1.1\r\n").contains("Sec-WebSocket-Key: " + KEY + "\r\n")
                .contains("Sec-WebSocket-Version: 13\r\n").endsWith("\r\n\r\n");
    }

    @Test
    void acceptsA101WithTheRightAcceptAndReturnsWhereFramesStart() throws IOException {
        String head = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "sec-websocket-accept: " + ACCEPT + "\r\n\r\n";
        ByteBuffer in = wire(head + "\u0081\u0000");
        assertThat(new ClientHandshake("h", "/echo", KEY).complete(in)).isEqualTo(head.length());
    }

    @Test
    void waitsForTheWholeHead() throws IOException {
        assertThat(new ClientHandshake("h", "/echo", KEY).complete(wire("HTTP/1.1 101 OK\r\nUpgrade: websocket\r\n")))
                .isEqualTo(-1);
    }

    @Test
    void refusesOtherStatusesAndAWrongAccept() {
        ClientHandshake handshake = new ClientHandshake("h", "/echo", KEY);
        assertThatThrownBy(() -> handshake.complete(wire("HTTP/1.1 404 Not Found\r\n\r\n")))
                .hasMessageContaining("404");
        assertThatThrownBy(() -> handshake.complete(wire("HTTP/1.1 101 OK\r\nSec-WebSocket-Accept: x\r\n\r\n")))
                .hasMessageContaining("Sec-WebSocket-Accept");
    }
}
