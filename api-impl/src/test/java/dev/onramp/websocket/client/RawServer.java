package dev.onramp.websocket.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;

/**
 * A server written with plain sockets, for answers no real server gives: each accepted connection runs the
 * script on its own thread. Failures of the script complete {@link #failure}.
 */
final class RawServer implements AutoCloseable {

    interface Script {
        void run(Socket socket) throws Exception;
    }

    private final ServerSocket serverSocket;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    final CompletableFuture<Throwable> failure = new CompletableFuture<>();

    RawServer(Script script) throws IOException {
        this(new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1")), script);
    }

    /** Serves on a socket the caller bound (e.g. an SSLServerSocket). */
    RawServer(ServerSocket bound, Script script) {
        serverSocket = bound;
        Thread acceptor = new Thread(() -> {
            while (!serverSocket.isClosed()) {
                try {
                    Socket socket = serverSocket.accept();
                    sockets.add(socket);
                    Thread worker = new Thread(() -> {
                        try {
                            script.run(socket);
                        } catch (Throwable t) {
                            failure.complete(t);
                        }
                    }, "raw-server-connection");
                    worker.setDaemon(true);
                    worker.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "raw-server-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
        for (Socket s : sockets) {
            s.close();
        }
    }

    /** Reads a request head; returns the request line under "" and the fields under their names (case-insensitive). */
    static Map<String, String> readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("end of stream inside the request head");
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        Map<String, String> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        fields.put("", lines[0]);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                fields.merge(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim(), (a, b) -> a + ", " + b);
            }
        }
        return fields;
    }

    /** A correct 101 answer for the request, plus extra fields. */
    static byte[] switching(Map<String, String> request, String extraFields) {
        return ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
                + ClientHandshake.acceptFor(request.get("Sec-WebSocket-Key")) + "\r\n" + extraFields + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }
}
