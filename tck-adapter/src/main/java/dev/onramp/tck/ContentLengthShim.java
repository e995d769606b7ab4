package dev.onramp.tck;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A DIAGNOSTIC loopback relay in front of Jetty that adds {@code Content-Length: 0} to a connection's first request
 * head when it has none, then copies bytes both ways untouched.
 *
 * <p>Why it exists: Jetty 12.1 ee11's {@code HttpServletRequest.upgrade()} hands the bytes that follow the 101 to its
 * HTTP parser, not to the upgrade handler, unless the upgrade request carried {@code Content-Length: 0}. With the shim,
 * the TCK can be run past that container bug to see what else fails. It changes what the server receives, so it is off
 * by default and a run that uses it proves nothing about certification.
 */
final class ContentLengthShim implements Closeable {

    private static final System.Logger LOG = System.getLogger(ContentLengthShim.class.getName());
    private static final int MAX_HEAD = 64 * 1024;

    private final ServerSocket listener;
    private final String targetHost;
    private final int targetPort;

    ContentLengthShim(String host, int targetPort) throws IOException {
        this.targetHost = host;
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 200, InetAddress.getByName(host));
        daemon(this::acceptLoop, "content-length-shim");
    }

    int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(targetHost, targetPort);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                daemon(() -> relayUpstream(client, server), "content-length-shim-up");
                daemon(() -> relay(server, client, null), "content-length-shim-down");
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    LOG.log(Level.WARNING, "content-length shim could not relay a connection", e);
                }
            }
        }
    }

    private static void relayUpstream(Socket client, Socket server) {
        try {
            InputStream in = client.getInputStream();
            byte[] head = withContentLength(readHead(in));
            relay(client, server, head);
        } catch (IOException e) {
            closeBoth(client, server);
        }
    }

    /** Copies {@code from} to {@code to} (after {@code first}, if any) until either side ends, then closes both. */
    private static void relay(Socket from, Socket to, byte[] first) {
        try {
            OutputStream out = to.getOutputStream();
            if (first != null) {
                out.write(first);
                out.flush();
            }
            InputStream in = from.getInputStream();
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side went away: the finally below ends the other
        } finally {
            closeBoth(from, to);
        }
    }

    static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        int b;
        while (head.size() < MAX_HEAD && (b = in.read()) >= 0) {
            head.write(b);
            last4 = (last4 << 8) | b;
            if (last4 == 0x0d0a0d0a) {
                break;
            }
        }
        return head.toByteArray();
    }

    /** The head unchanged when it is incomplete or already has a Content-Length; else with {@code Content-Length: 0}. */
    static byte[] withContentLength(byte[] head) {
        String text = new String(head, StandardCharsets.ISO_8859_1);
        if (!text.endsWith("\r\n\r\n") || text.toLowerCase(Locale.ROOT).contains("\r\ncontent-length:")) {
            return head;
        }
        return (text.substring(0, text.length() - 2) + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void closeBoth(Socket a, Socket b) {
        try {
            a.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            b.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private static void daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
