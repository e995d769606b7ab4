package dev.onramp.bench.servers;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;

/**
 * The throughput ceiling: one NIO selector thread that answers the opening handshake with a 101 and then returns
 * every byte it receives, unparsed. The load generator reads the echoed (still masked) client frames as frames, so
 * this server does the least work any WebSocket server could do on the same socket traffic.
 */
public final class TcpEchoServer {

    private static final int BUFFER = 64 * 1024;
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /** Per-connection state: the handshake bytes until the 101 is sent, then one buffer of bytes to return. */
    private static final class Conn {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        boolean open;
    }

    /** Starts the server and serves forever; prints {@code LISTENING <port> tcp} when ready. */
    public static void main(String[] args) throws IOException {
        Selector selector = Selector.open();
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", ServerOptions.port()), 1024);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        ServerOptions.announce(server.socket().getLocalPort(), "tcp");
        while (true) {
            selector.select();
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SelectionKey key = keys.next();
                keys.remove();
                try {
                    if (key.isAcceptable()) {
                        accept(server, selector);
                    } else {
                        serve(key);
                    }
                } catch (IOException | RuntimeException e) {
                    key.cancel();
                    key.channel().close();
                }
            }
        }
    }

    private static void accept(ServerSocketChannel server, Selector selector) throws IOException {
        SocketChannel channel;
        while ((channel = server.accept()) != null) {
            channel.configureBlocking(false);
            channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            channel.register(selector, SelectionKey.OP_READ, new Conn());
        }
    }

    private static void serve(SelectionKey key) throws IOException {
        SocketChannel channel = (SocketChannel) key.channel();
        Conn conn = (Conn) key.attachment();
        if (key.isWritable()) {
            flush(key, channel, conn);
            return;
        }
        int n = channel.read(conn.buffer);
        if (n < 0) {
            key.cancel();
            channel.close();
            return;
        }
        if (!conn.open) {
            handshake(key, channel, conn);
            return;
        }
        conn.buffer.flip();
        flush(key, channel, conn);
    }

    /** Writes what the buffer holds (flipped); reads again only once it is all gone, which bounds memory. */
    private static void flush(SelectionKey key, SocketChannel channel, Conn conn) throws IOException {
        channel.write(conn.buffer);
        if (conn.buffer.hasRemaining()) {
            key.interestOps(SelectionKey.OP_WRITE);
        } else {
            conn.buffer.clear();
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    private static void handshake(SelectionKey key, SocketChannel channel, Conn conn) throws IOException {
        String head = new String(conn.buffer.array(), 0, conn.buffer.position(), StandardCharsets.ISO_8859_1);
        int end = head.indexOf("\r\n\r\n");
        if (end < 0) {
            if (!conn.buffer.hasRemaining()) {
                throw new IOException("request head too large");
            }
            return;
        }
        String accept = accept(header(head.substring(0, end), "sec-websocket-key"));
        String response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n";
        ByteBuffer rest = ByteBuffer.wrap(conn.buffer.array(), end + 4, conn.buffer.position() - end - 4);
        ByteBuffer echo = ByteBuffer.allocate(BUFFER);
        echo.put(response.getBytes(StandardCharsets.ISO_8859_1)).put(rest).flip();
        conn.buffer = echo;
        conn.open = true;
        flush(key, channel, conn);
    }

    private static String header(String head, String name) throws IOException {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        throw new IOException("missing " + name);
    }

    private static String accept(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return Base64.getEncoder().encodeToString(sha1.digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private TcpEchoServer() {
    }
}
