package dev.onramp.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/**
 * A WebSocket client written with a plain socket, for what no polite client sends: frames built byte by byte
 * ({@link Frames}), requests without {@code Content-Length} (as browsers send them) or with odd headers, a pause
 * before the first frame. Every read has a timeout ({@link #READ_TIMEOUT_MS}), so a silent server fails the test.
 */
public final class RawWebSocket implements AutoCloseable {

    /** The key of every handshake this class sends: the one RFC 6455 §1.3 uses as its example. */
    public static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    /** How long a read waits for the server. */
    public static final int READ_TIMEOUT_MS = 20_000;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final String responseHead;

    private RawWebSocket(Socket socket, String responseHead) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.responseHead = responseHead;
    }

    /**
     * Connects and sends the opening handshake for {@code path} (no {@code Content-Length}), with any extra header
     * lines (without line ends), then reads the response head, whatever its status.
     */
    public static RawWebSocket open(String host, int port, String path, String... extraHeaderLines)
            throws IOException {
        Socket socket = new Socket(host, port);
        try {
            socket.setSoTimeout(READ_TIMEOUT_MS);
            StringBuilder request = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(host).append(':').append(port).append("\r\n")
                    .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                    .append("Sec-WebSocket-Key: ").append(KEY).append("\r\nSec-WebSocket-Version: 13\r\n");
            for (String line : extraHeaderLines) {
                request.append(line).append("\r\n");
            }
            request.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new RawWebSocket(socket, readHead(socket.getInputStream()));
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Connects to 127.0.0.1:{@code port} and upgrades {@code path}; a response other than a proper 101 is an
     * {@link IOException} that carries the response head. Reads time out after {@code readTimeoutMillis}.
     */
    public static RawWebSocket upgrade(int port, String path, int readTimeoutMillis) throws IOException {
        RawWebSocket ws = open("127.0.0.1", port, path);
        if (!ws.upgraded()) {
            ws.close();
            throw new IOException("no upgrade for " + path + ": " + ws.responseHead());
        }
        ws.socket.setSoTimeout(readTimeoutMillis);
        return ws;
    }

    /** The server's response head, up to and including the blank line. */
    public String responseHead() {
        return responseHead;
    }

    /** Whether the server switched protocols (101) with the right {@code Sec-WebSocket-Accept}. */
    public boolean upgraded() {
        return responseHead.startsWith("HTTP/1.1 101")
                && responseHead.toLowerCase(Locale.ROOT).contains("sec-websocket-accept: "
                        + acceptFor(KEY).toLowerCase(Locale.ROOT));
    }

    /** Writes these bytes (frames, usually) in one write and flushes. */
    public void send(byte[]... parts) throws IOException {
        out.write(Frames.concat(parts));
        out.flush();
    }

    /** Sends one final, masked text frame. */
    public void sendText(String text) throws IOException {
        send(Frames.clientText(text));
    }

    /** Sends one masked close frame with {@code code} and no reason. */
    public void sendClose(int code) throws IOException {
        send(Frames.clientClose(code, ""));
    }

    /** Reads one byte: -1 once the server has ended the TCP connection. */
    public int read() throws IOException {
        return in.read();
    }

    /** Reads the server's next frame. */
    public Frames.Frame readFrame() throws IOException {
        return Frames.read(in);
    }

    /** Reads everything until the server ends the connection (a read timeout fails instead). */
    public byte[] readUntilClosed() throws IOException {
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        in.transferTo(rest);
        return rest.toByteArray();
    }

    /** The socket, for what this class does not wrap (half-closes, timeouts). */
    public Socket socket() {
        return socket;
    }

    /** The socket's input, for reads this class does not wrap. */
    public DataInputStream in() {
        return in;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Reads an HTTP response head, up to and including the blank line; the stream ending first is an error. */
    public static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection ended in the response head: " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }

    /** The {@code Sec-WebSocket-Accept} a server must answer to a key (RFC 6455 §4.2.2). */
    public static String acceptFor(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] digest = sha1.digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")
                    .getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }
}
