package dev.onramp.sample.adversarial;

import dev.onramp.testing.Frames;
import dev.onramp.testing.RawWebSocket;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A raw TCP client for what no well-behaved WebSocket client sends: hand-written request heads, frames with any
 * header bits, half frames, resets. Blocking I/O with a read timeout on every call, so a silent server fails the
 * test instead of hanging it.
 */
final class RawConnection implements AutoCloseable {

    /** The nonce of RFC 6455's example; its accept value is {@code s3pPLMBiTxaQ9kYGzzhZRbK+xOo=}. */
    static final String KEY = RawWebSocket.KEY;
    private static final int READ_TIMEOUT_MS = RawWebSocket.READ_TIMEOUT_MS;
    private static final byte[] MASK = {0x37, (byte) 0xfa, 0x21, 0x3d};

    /** A response head (header names lower-cased, values in order) and whatever body came with it. */
    record Response(int status, Map<String, List<String>> headers, String body) {
        String header(String name) {
            List<String> values = headers.get(name.toLowerCase());
            return values == null ? null : values.get(0);
        }
    }

    /** One frame from the server. */
    record Frame(boolean fin, int rsv, int opcode, byte[] payload) {
        /** The status code of a close frame, or 1005 when it carries none. */
        int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }

        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final int localPort;
    private final DataInputStream in;
    private final OutputStream out;

    private RawConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.localPort = socket.getLocalPort();
        socket.setSoTimeout(READ_TIMEOUT_MS);
        socket.setTcpNoDelay(true);
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static RawConnection open(int port) throws IOException {
        return new RawConnection(new Socket("127.0.0.1", port));
    }

    /** A connection whose receive buffer is set before connecting, so that a peer that reads nothing fills it fast. */
    static RawConnection openWithReceiveBuffer(int port, int bytes) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(bytes);
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MS);
        return new RawConnection(socket);
    }

    /** This end's port, which stays known after the connection closed (the server's socket names it as its peer). */
    int localPort() {
        return localPort;
    }

    /** Ends the sending direction (a TCP FIN) and keeps reading. */
    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** Opens a connection and completes a valid upgrade of {@code target}; fails unless the answer is 101. */
    static RawConnection upgraded(int port, String target, String... extraHeaders) throws IOException {
        RawConnection c = open(port);
        Response r = c.handshake(target, extraHeaders);
        if (r.status() != 101) {
            c.close();
            throw new AssertionError("expected 101 for " + target + ", got " + r.status() + " " + r.body());
        }
        return c;
    }

    /** The head of a valid upgrade request for {@code target}, plus extra header lines, as one string. */
    static String upgradeRequest(String target, String... extraHeaders) {
        StringBuilder sb = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ").append(KEY)
                .append("\r\nSec-WebSocket-Version: 13\r\n");
        for (String h : extraHeaders) {
            sb.append(h).append("\r\n");
        }
        return sb.append("\r\n").toString();
    }

    /** Sends a valid upgrade request for {@code target} (with extra header lines) and reads the answer. */
    Response handshake(String target, String... extraHeaders) throws IOException {
        send(upgradeRequest(target, extraHeaders));
        return readResponse();
    }

    void send(String ascii) throws IOException {
        send(ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /**
     * Reads a response head and, unless it is a 101, its body (by Content-Length or chunked).
     *
     * @throws EOFException when the server ends the connection before the head is whole (it answered nothing)
     */
    Response readResponse() throws IOException {
        String head;
        try {
            head = RawWebSocket.readHead(in);
        } catch (SocketTimeoutException silent) {
            throw silent;
        } catch (IOException ended) {
            EOFException eof = new EOFException("the server closed the connection without an answer");
            eof.initCause(ended);
            throw eof;
        }
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(), k -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).trim());
            }
        }
        String body = "";
        if (status != 101) {
            List<String> length = headers.get("content-length");
            List<String> encoding = headers.get("transfer-encoding");
            if (length != null) {
                body = new String(in.readNBytes(Integer.parseInt(length.get(0))), StandardCharsets.UTF_8);
            } else if (encoding != null && "chunked".equalsIgnoreCase(encoding.get(0))) {
                body = readChunked();
            }
        }
        return new Response(status, headers, body);
    }

    private String readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            StringBuilder sizeLine = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                if (b != '\r') {
                    sizeLine.append((char) b);
                }
            }
            int size = Integer.parseInt(sizeLine.toString().split(";")[0].trim(), 16);
            if (size == 0) {
                return body.toString(StandardCharsets.UTF_8);
            }
            body.write(in.readNBytes(size));
            in.readNBytes(2);
        }
    }

    /** A masked client frame (RFC 6455 §5.2) with the given bits; the length field is as short as it can be. */
    static byte[] frame(boolean fin, int rsv, int opcode, byte[] payload) {
        byte[] frame = Frames.client(opcode, fin, payload);
        frame[0] |= (byte) (rsv << 4);
        return frame;
    }

    /**
     * A masked frame head declaring {@code declaredLength}, followed by {@code payload} masked (which may be shorter
     * than declared: the rest never comes, or comes later).
     */
    static byte[] frameHead(boolean fin, int rsv, int opcode, long declaredLength, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(14 + payload.length);
        b.put((byte) ((fin ? 0x80 : 0) | (rsv << 4) | opcode));
        if (declaredLength <= 125) {
            b.put((byte) (0x80 | declaredLength));
        } else if (declaredLength <= 0xFFFF) {
            b.put((byte) (0x80 | 126)).putShort((short) declaredLength);
        } else {
            b.put((byte) (0x80 | 127)).putLong(declaredLength);
        }
        b.put(MASK);
        for (int i = 0; i < payload.length; i++) {
            b.put((byte) (payload[i] ^ MASK[i & 3]));
        }
        byte[] bytes = new byte[b.position()];
        b.flip().get(bytes);
        return bytes;
    }

    /** Sends {@code frame} {@code times} times over, in writes of about 64 KiB. */
    void sendRepeated(byte[] frame, int times) throws IOException {
        int perWrite = Math.max(1, 64 * 1024 / frame.length);
        byte[] batch = new byte[perWrite * frame.length];
        for (int i = 0; i < perWrite; i++) {
            System.arraycopy(frame, 0, batch, i * frame.length, frame.length);
        }
        for (int left = times; left > 0; left -= perWrite) {
            out.write(batch, 0, Math.min(left, perWrite) * frame.length);
        }
        out.flush();
    }

    void sendFrame(boolean fin, int opcode, byte[] payload) throws IOException {
        send(frame(fin, 0, opcode, payload));
    }

    void sendText(String text) throws IOException {
        sendFrame(true, 0x1, text.getBytes(StandardCharsets.UTF_8));
    }

    void sendClose(int code) throws IOException {
        sendFrame(true, 0x8, new byte[] {(byte) (code >> 8), (byte) code});
    }

    /** Reads one server frame; server frames are never masked (RFC 6455 §5.1). */
    Frame readFrame() throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        if ((b1 & 0x80) != 0) {
            throw new AssertionError("a server frame is masked");
        }
        long length = b1 & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[Math.toIntExact(length)];
        in.readFully(payload);
        return new Frame((b0 & 0x80) != 0, (b0 >> 4) & 0x7, b0 & 0x0F, payload);
    }

    /** Reads frames until a close frame and returns its code; fails on EOF or a read timeout first. */
    int awaitCloseFrame() throws IOException {
        while (true) {
            Frame f = readFrame();
            if (f.opcode() == 0x8) {
                return f.closeCode();
            }
        }
    }

    /**
     * Reads and discards until the server ends the TCP connection (EOF or reset) and returns true, or returns false
     * when {@code seconds} pass first.
     */
    boolean awaitEnd(long seconds) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        byte[] sink = new byte[8192];
        try {
            while (true) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                socket.setSoTimeout((int) Math.max(1, Math.min(left, Integer.MAX_VALUE)));
                if (in.read(sink) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // connection reset by the server
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(READ_TIMEOUT_MS);
            }
        }
    }

    /** Ends the connection with a TCP reset (RST) instead of a FIN: SO_LINGER 0, then close. */
    void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
