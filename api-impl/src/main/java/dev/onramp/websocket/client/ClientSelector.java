package dev.onramp.websocket.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One selector thread that serves many client connections. The process shares a small fixed set of them (see
 * {@link #next()}), so connections cost no thread of their own and containers cost nothing at all.
 *
 * <p>Everything that touches a {@link SelectionKey} runs on the selector thread: other threads hand it a task
 * through {@link #execute} (a queue plus {@code wakeup()}), which keeps the selector free of locks.
 */
final class ClientSelector implements Runnable {

    /** What a registered channel's owner does when its channel is ready. Runs on the selector thread. */
    interface Ready {
        void onReady(SelectionKey key);
    }

    private static final System.Logger LOG = System.getLogger(ClientSelector.class.getName());

    /** Two threads: enough to keep one busy TLS connection from stalling all others, few enough to be free. */
    private static final int COUNT = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));

    private static final class Shared {
        static final ClientSelector[] SELECTORS = create();
        static final AtomicInteger NEXT = new AtomicInteger();

        private static ClientSelector[] create() {
            ClientSelector[] all = new ClientSelector[COUNT];
            for (int i = 0; i < COUNT; i++) {
                all[i] = new ClientSelector("onramp-client-selector-" + (i + 1));
            }
            return all;
        }
    }

    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();

    private ClientSelector(String name) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        thread = new Thread(this, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** One of the process-wide selectors, round robin. */
    static ClientSelector next() {
        ClientSelector[] all = Shared.SELECTORS;
        return all[Math.floorMod(Shared.NEXT.getAndIncrement(), all.length)];
    }

    /** Whether the caller runs on this selector's thread. */
    boolean inSelectorThread() {
        return Thread.currentThread() == thread;
    }

    /** Runs the task on the selector thread: now when already there, else soon. */
    void execute(Runnable task) {
        if (inSelectorThread()) {
            task.run();
        } else {
            tasks.add(task);
            selector.wakeup();
        }
    }

    /** Runs the task on the selector thread after what is already queued, even when called from there. */
    void executeLater(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /**
     * Opens a non-blocking connection to the address. The future completes with the connected channel or fails;
     * cancelling it (e.g. on a connect timeout) closes the channel.
     */
    CompletableFuture<SocketChannel> connect(SocketAddress address) {
        CompletableFuture<SocketChannel> result = new CompletableFuture<>();
        SocketChannel channel;
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
        } catch (IOException e) {
            result.completeExceptionally(e);
            return result;
        }
        result.whenComplete((c, failure) -> {
            if (failure != null) {
                closeQuietly(channel);
            }
        });
        execute(() -> {
            try {
                if (channel.connect(address)) {
                    result.complete(channel);
                    return;
                }
                register(channel, SelectionKey.OP_CONNECT, key -> {
                    try {
                        if (channel.finishConnect()) {
                            key.interestOps(0);
                            result.complete(channel);
                        }
                    } catch (IOException e) {
                        key.cancel();
                        result.completeExceptionally(e);
                    }
                });
            } catch (IOException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** Registers a channel (selector thread only); the key's attachment is the owner. */
    SelectionKey register(SelectableChannel channel, int ops, Ready owner) throws ClosedChannelException {
        assert inSelectorThread();
        SelectionKey existing = channel.keyFor(selector);
        if (existing != null) {
            existing.attach(owner);
            existing.interestOps(ops);
            return existing;
        }
        return channel.register(selector, ops, owner);
    }

    @Override
    public void run() {
        while (true) {
            try {
                runTasks();
                selector.select();
                for (SelectionKey key : selector.selectedKeys()) {
                    Object owner = key.attachment();
                    if (owner instanceof Ready ready && key.isValid()) {
                        try {
                            ready.onReady(key);
                        } catch (CancelledKeyException ignored) {
                            // the channel was closed while we looked at it
                        } catch (RuntimeException | Error e) {
                            LOG.log(System.Logger.Level.WARNING, "a client connection failed on the selector thread", e);
                        }
                    }
                }
                selector.selectedKeys().clear();
            } catch (IOException | RuntimeException e) {
                // a selector must survive anything one connection does
                LOG.log(System.Logger.Level.WARNING, "client selector loop failed", e);
            }
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.log(System.Logger.Level.WARNING, "a client selector task failed", e);
            }
        }
    }

    static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // nothing left to do with it
        }
    }
}
