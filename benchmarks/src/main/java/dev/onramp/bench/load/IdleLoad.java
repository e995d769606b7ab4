package dev.onramp.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Opens many WebSocket connections and leaves them idle, so the runner can weigh the server's heap. At most
 * {@code MAX_PENDING} handshakes are in progress at once; the first failure stops the ramp (a server that runs out
 * of memory at its configured limit shows up as "failed at n connections").
 */
final class IdleLoad implements Connection.Driver, AutoCloseable {

    private static final int MAX_PENDING = 128;

    private final InetSocketAddress server;
    private final EventLoop loop;
    private final List<Connection> connections = new ArrayList<>();
    private int started;
    private int opened;
    private int target;
    private String firstError;

    IdleLoad(InetSocketAddress server) throws IOException {
        this.server = server;
        this.loop = new EventLoop();
    }

    /** Opens up to {@code count} connections; returns how many are open (less than count after a failure). */
    int open(int count, long timeoutNanos) throws IOException {
        target = count;
        long deadline = System.nanoTime() + timeoutNanos;
        while (opened < target && firstError == null && System.nanoTime() < deadline) {
            while (started < target && started - opened < MAX_PENDING) {
                started++;
                connections.add(new Connection(loop, server, this));
            }
            loop.runUntil(() -> firstError != null || opened >= target
                            || (started < target && started - opened < MAX_PENDING / 2),
                    Math.min(deadline, System.nanoTime() + TimeUnit.SECONDS.toNanos(10)));
        }
        // let in-flight handshakes land so the count is exact
        loop.runUntil(() -> started == opened || firstError != null, System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
        return opened;
    }

    /** Keeps serving the sockets (nothing to do for idle ones) while the server is measured. */
    void idle(long nanos) throws IOException {
        loop.runFor(nanos);
    }

    String firstError() {
        return firstError;
    }

    @Override
    public void opened(Connection connection) {
        opened++;
    }

    @Override
    public void message(Connection connection, int opcode, long length) {
        // idle connections receive nothing
    }

    @Override
    public void closed(Connection connection, int code) {
        failed(connection, new IOException("server closed an idle connection with " + code));
    }

    @Override
    public void failed(Connection connection, Exception cause) {
        if (firstError == null) {
            firstError = cause.toString();
        }
    }

    @Override
    public void close() throws IOException {
        for (Connection c : connections) {
            c.abort();
        }
        loop.close();
    }
}
