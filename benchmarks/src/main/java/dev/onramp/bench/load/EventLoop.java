package dev.onramp.bench.load;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The load generator's single selector thread: every connection of a workload lives here, so the generator costs
 * one core and its measurements never race. {@code select(Consumer)} avoids the selected-key set's iterator.
 */
final class EventLoop implements AutoCloseable {

    private final Selector selector;
    private final Consumer<SelectionKey> dispatch = key -> ((Connection) key.attachment()).ready(key);

    EventLoop() throws IOException {
        selector = Selector.open();
    }

    SelectionKey register(SocketChannel channel, int ops, Connection connection) throws ClosedChannelException {
        return channel.register(selector, ops, connection);
    }

    /** Runs the loop for {@code nanos}. */
    void runFor(long nanos) throws IOException {
        long deadline = System.nanoTime() + nanos;
        runUntil(() -> false, deadline);
    }

    /** Runs the loop until {@code done} holds or the deadline passes; returns whether {@code done} held. */
    boolean runUntil(BooleanSupplier done, long deadlineNanos) throws IOException {
        while (!done.getAsBoolean()) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            selector.select(dispatch, Math.max(1, Math.min(left / 1_000_000, 50)));
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        for (SelectionKey key : selector.keys()) {
            key.channel().close();
        }
        selector.close();
    }
}
