package dev.onramp.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The client side of the container modules' probe tests: a plain socket that upgrades to the tests' echoing probe
 * protocol ({@code Upgrade: probe}, no WebSocket) and reads what comes back up to a marker. Reads have the socket's
 * timeout ({@link #READ_TIMEOUT_MS}), so a silent server fails the test.
 */
public final class UpgradeProbeClient {

    /** How long a read waits for the server. */
    public static final int READ_TIMEOUT_MS = 20_000;

    private UpgradeProbeClient() {
    }

    /** The upgrade request to the probe, with {@code after} riding in the same write right behind it. */
    public static byte[] upgradeRequest(String after) {
        return ("GET /probe HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: probe\r\nConnection: Upgrade\r\n\r\n" + after)
                .getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Upgrades with "early" in the request's write (the container reads it before the upgrade and must hand it on),
     * expects the 101 and "early" echoed, then sends "later" and expects it echoed.
     */
    public static void upgradeAndEchoEarlyAndLater(Socket socket) throws IOException {
        socket.setSoTimeout(READ_TIMEOUT_MS);
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        out.write(upgradeRequest("early"));
        out.flush();
        String head = readUntil(in, "\r\n\r\n");
        if (!head.startsWith("HTTP/1.1 101")) {
            throw new AssertionError("expected a 101 response, got: " + head);
        }
        readUntil(in, "early");
        out.write("later".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        readUntil(in, "later");
    }

    /**
     * Reads until what was read ends with {@code marker}; returns all of it for the head ({@code "\r\n\r\n"}), else
     * the marker. Fails with what was read when the stream ends first.
     */
    public static String readUntil(InputStream in, String marker) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        while (!seen.toString(StandardCharsets.US_ASCII).endsWith(marker)) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("EOF before \"" + marker + "\", after: " + seen.toString(StandardCharsets.US_ASCII));
            }
            seen.write(b);
        }
        String all = seen.toString(StandardCharsets.US_ASCII);
        return marker.equals("\r\n\r\n") ? all : all.substring(all.length() - marker.length());
    }
}
