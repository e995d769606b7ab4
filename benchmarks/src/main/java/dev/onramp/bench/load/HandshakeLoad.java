package dev.onramp.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Handshakes per second: {@code loops} concurrent loops, each connecting, upgrading, sending a close (1000),
 * waiting for the server's close, dropping the socket and starting over. A handshake counts when its close is
 * answered.
 */
final class HandshakeLoad implements Connection.Driver {

    /** What a run measured. */
    record Result(long handshakes, double seconds, long errors, String firstError) {
        double perSecond() {
            return handshakes / seconds;
        }
    }

    private final InetSocketAddress server;
    private EventLoop loop;
    private long completed;
    private long errors;
    private String firstError;

    HandshakeLoad(InetSocketAddress server) {
        this.server = server;
    }

    Result run(int loops, long warmupNanos, long measureNanos) throws IOException {
        try (EventLoop eventLoop = new EventLoop()) {
            loop = eventLoop;
            for (int i = 0; i < loops; i++) {
                new Connection(loop, server, this);
            }
            loop.runFor(warmupNanos);
            completed = 0;
            long errorsBefore = errors;
            long start = System.nanoTime();
            loop.runFor(measureNanos);
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Result(completed, seconds, errors - errorsBefore, firstError);
        }
    }

    @Override
    public void opened(Connection connection) {
        ByteBuffer close = ByteBuffer.allocate(ClientFrames.frameLength(2));
        ClientFrames.writeClose(close, ThreadLocalRandom.current().nextInt());
        connection.send(close.flip());
    }

    @Override
    public void message(Connection connection, int opcode, long length) {
        failed(connection, new IOException("unexpected message after close"));
    }

    @Override
    public void closed(Connection connection, int code) {
        completed++;
        next();
    }

    @Override
    public void failed(Connection connection, Exception cause) {
        errors++;
        if (firstError == null) {
            firstError = cause.toString();
        }
        connection.abort();
        next();
    }

    private void next() {
        try {
            new Connection(loop, server, this);
        } catch (IOException e) {
            errors++;
            if (firstError == null) {
                firstError = e.toString();
            }
            // a loop that cannot reconnect ends; the error count shows it
        }
    }

}
