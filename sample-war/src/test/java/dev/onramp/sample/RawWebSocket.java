package dev.onramp.sample;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client over a plain socket, for what the tests must see byte by byte: the 101, a client that waits
 * before its first frame, the close frame and the end of the TCP connection (EOF). Frames it sends are masked;
 * frames it reads are whole and unfragmented (what an echo server answers).
 */
public final class RawWebSocket implements AutoCloseable {

    /** One frame as read: its first byte's opcode and its payload. */
    public record Frame(int opcode, byte[] payload) {
        /** The payload as UTF-8 text. */
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The close code of a close frame. */
        public int closeCode() {
            return ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /**
     * Connects to 127.0.0.1:{@code port}, upgrades {@code path} and checks the 101; reads time out after
     * {@code timeoutMillis}.
     */
    public static RawWebSocket open(int port, String path, int timeoutMillis) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        try {
            socket.setSoTimeout(timeoutMillis);
            RawWebSocket ws = new RawWebSocket(socket);
            String key = Base64.getEncoder().encodeToString(new byte[16]);
            ws.out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            ws.out.flush();
            String head = ws.head();
            if (!head.startsWith("HTTP/1.1 101")) {
                throw new IOException("no upgrade for " + path + ": " + head);
            }
            return ws;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private String head() throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        while (!seen.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("EOF in the response head: " + seen.toString(StandardCharsets.ISO_8859_1));
            }
            seen.write(b);
        }
        return seen.toString(StandardCharsets.ISO_8859_1);
    }

    /** Sends one masked text frame. */
    public void sendText(String text) throws IOException {
        send(0x1, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends one masked close frame with a code and no reason. */
    public void sendClose(int code) throws IOException {
        send(0x8, new byte[] {(byte) (code >> 8), (byte) code});
    }

    /** Sends one final, masked frame. */
    public void send(int opcode, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(0x80 | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >> shift));
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /** Reads one unmasked, final frame (a server's). */
    public Frame readFrame() throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        if ((first & 0x80) == 0 || (second & 0x80) != 0) {
            throw new IOException("expected a final, unmasked frame, got " + Integer.toHexString(first) + " "
                    + Integer.toHexString(second));
        }
        long length = second & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[Math.toIntExact(length)];
        in.readFully(payload);
        return new Frame(first & 0x0F, payload);
    }

    /** Reads one byte: -1 when the server has ended the TCP connection. */
    public int read() throws IOException {
        return in.read();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
