package dev.onramp.tck;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A byte-level WebSocket exchange with no {@code Content-Length} in the handshake, as browsers send it. */
final class RawWebSocket {

    private RawWebSocket() {
    }

    /**
     * Sends the opening handshake for {@code path}, waits for the whole response head, then sends one masked text frame
     * {@code "hi"} and returns the response head plus the first 4 bytes that follow (an unmasked echo is 81 02 'h' 'i').
     */
    static Exchange echoHi(String host, int port, String path) throws Exception {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout((int) JdkWebSocket.TIMEOUT_SECONDS * 1000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String head = readHead(in);

            byte[] mask = {0x11, 0x22, 0x33, 0x44};
            out.write(new byte[] {(byte) 0x81, (byte) 0x82, mask[0], mask[1], mask[2], mask[3],
                    (byte) ('h' ^ mask[0]), (byte) ('i' ^ mask[1])});
            out.flush();
            return new Exchange(head, in.readNBytes(4));
        }
    }

    /** Reads up to and including the blank line that ends a response head. */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int b;
        while (!head.toString().endsWith("\r\n\r\n") && (b = in.read()) >= 0) {
            head.append((char) b);
        }
        return head.toString();
    }

    record Exchange(String responseHead, byte[] next) {
    }
}
