package dev.onramp.bench.load;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Echo workloads: {@code connections} connections, each keeping {@code window} messages of {@code payloadSize} bytes
 * in flight (1 = request/response, more = pipelined). Each connection owns its frames, prebuilt and premasked once,
 * and a ring of send times, so the measured loop allocates nothing. Every echo is checked for opcode and length.
 */
final class EchoLoad implements Connection.Driver {

    /** What a run measured (the measurement phase only). */
    record Result(long messages, long payloadBytes, double seconds, Histogram latencyNanos, long errors,
                  String firstError) {
        double messagesPerSecond() {
            return messages / seconds;
        }

        double megabytesPerSecond() {
            return payloadBytes / seconds / 1e6;
        }
    }

    /** Per-connection workload state. */
    private static final class Pipe {
        final ByteBuffer frames;
        final ByteBuffer region;
        final long[] sentAt;
        int inFlight;
        int head;
        int tail;

        Pipe(ByteBuffer frames, int window) {
            this.frames = frames;
            this.region = frames.duplicate();
            this.sentAt = new long[window];
        }
    }

    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final int opcode;
    private final int payloadSize;
    private final int window;
    private final int frameLength;
    private final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    private final List<Connection> connections = new ArrayList<>();
    private int opened;
    private boolean draining;
    private long messages;
    private long bytes;
    private long errors;
    private String firstError;

    EchoLoad(int opcode, int payloadSize, int window) {
        this.opcode = opcode;
        this.payloadSize = payloadSize;
        this.window = window;
        this.frameLength = ClientFrames.frameLength(payloadSize);
    }

    /** Connects, warms up, measures; then drops the connections. */
    Result run(InetSocketAddress server, int connectionCount, long warmupNanos, long measureNanos)
            throws IOException {
        try (EventLoop loop = new EventLoop()) {
            for (int i = 0; i < connectionCount; i++) {
                connections.add(new Connection(loop, server, this));
            }
            long connectDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            if (!loop.runUntil(() -> opened + errors >= connectionCount, connectDeadline) || errors > 0) {
                return failure(connectionCount);
            }
            loop.runFor(warmupNanos);
            messages = 0;
            bytes = 0;
            latency.reset();
            long start = System.nanoTime();
            loop.runFor(measureNanos);
            double seconds = (System.nanoTime() - start) / 1e9;
            drainAndCountStalled(loop);
            Result result = new Result(messages, bytes, seconds, latency.copy(), errors, firstError);
            for (Connection c : connections) {
                c.abort();
            }
            return result;
        }
    }

    /**
     * Stops sending and waits up to {@link #STALL_NANOS} for every outstanding echo: a connection still waiting then
     * has lost one. Without this check a stalled connection among many would only lower the rate, silently.
     */
    private void drainAndCountStalled(EventLoop loop) throws IOException {
        draining = true;
        loop.runUntil(() -> inFlight() == 0, System.nanoTime() + STALL_NANOS);
        int stalled = 0;
        for (Connection c : connections) {
            if (c.state instanceof Pipe pipe && pipe.inFlight > 0 && c.isOpen()) {
                stalled++;
            }
        }
        if (stalled > 0) {
            error(stalled + " of " + connections.size() + " connection(s) stalled (an echo still outstanding "
                    + TimeUnit.NANOSECONDS.toSeconds(STALL_NANOS) + " s after sending stopped, nothing closed)");
        }
    }

    private int inFlight() {
        int n = 0;
        for (Connection c : connections) {
            if (c.state instanceof Pipe pipe && c.isOpen()) {
                n += pipe.inFlight;
            }
        }
        return n;
    }

    private Result failure(int connectionCount) {
        String why = firstError != null ? firstError : "only " + opened + " of " + connectionCount + " opened in 30 s";
        for (Connection c : connections) {
            c.abort();
        }
        return new Result(0, 0, 1, latency.copy(), Math.max(1, errors), why);
    }

    @Override
    public void opened(Connection connection) {
        opened++;
        byte[] payload = new byte[payloadSize];
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < payloadSize; i++) {
            payload[i] = (byte) ('a' + random.nextInt(26));
        }
        int maskKey = random.nextInt();
        ByteBuffer frames = ByteBuffer.allocateDirect(frameLength * window);
        for (int i = 0; i < window; i++) {
            ClientFrames.write(frames, opcode, payload, maskKey);
        }
        connection.state = new Pipe(frames, window);
        topUp(connection);
    }

    @Override
    public void message(Connection connection, int receivedOpcode, long length) {
        Pipe pipe = (Pipe) connection.state;
        if (receivedOpcode != opcode || length != payloadSize) {
            error("echo mismatch: opcode " + receivedOpcode + " length " + length);
        }
        long now = System.nanoTime();
        latency.recordValue(Math.min(now - pipe.sentAt[pipe.head], latency.getHighestTrackableValue()));
        pipe.head = (pipe.head + 1) % window;
        pipe.inFlight--;
        messages++;
        bytes += length;
        topUp(connection);
    }

    @Override
    public void writable(Connection connection) {
        topUp(connection);
    }

    /** Sends as many frames as the window allows, in one write. */
    private void topUp(Connection connection) {
        Pipe pipe = (Pipe) connection.state;
        int k = window - pipe.inFlight;
        if (k == 0 || draining || connection.writing() || !connection.isOpen()) {
            return;
        }
        long now = System.nanoTime();
        for (int i = 0; i < k; i++) {
            pipe.sentAt[pipe.tail] = now;
            pipe.tail = (pipe.tail + 1) % window;
        }
        pipe.inFlight += k;
        pipe.region.limit(k * frameLength).position(0);
        connection.send(pipe.region);
    }

    @Override
    public void closed(Connection connection, int code) {
        error("server closed the connection with " + code);
    }

    @Override
    public void failed(Connection connection, Exception cause) {
        error(cause.toString());
    }

    private void error(String message) {
        errors++;
        if (firstError == null) {
            firstError = message;
        }
    }
}
