package dev.onramp.websocket.client;

import dev.onramp.websocket.session.SharedThreads;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One selector thread that serves many client connections. The process shares a small fixed set of them (see
 * {@link #next()}), so connections cost no thread of their own and containers cost nothing at all.
 *
 * <p>Everything that touches a {@link SelectionKey} runs on the selector thread: other threads hand it a task
 * through {@link #execute} (a queue plus {@code wakeup()}), which keeps the selector free of locks.
 *
 * <p>The thread runs only while there is work: once no channel has been registered and no task has come for
 * {@link SharedThreads#IDLE_MILLIS}, it closes its {@link Selector} and ends, and the next task starts a new one. A
 * web application that carries Onramp in {@code WEB-INF/lib} and dials out therefore leaves no thread behind when it
 * is undeployed (the thread would keep the application's class loader in memory), and an idle process holds no
 * selector open.
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

    private final ThreadFactory threads;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Guards the start and the end of the thread, so that a task queued while it ends starts the next one. */
    private final Object lifecycle = new Object();
    /** The running thread, null while none runs; written under {@link #lifecycle}. */
    private volatile Thread thread;
    /** The running thread's selector, null while none runs; written under {@link #lifecycle}. */
    private Selector selector;

    private ClientSelector(String name) {
        ThreadFactory daemons = SharedThreads.daemonFactory(name);
        threads = runnable -> {
            Thread t = daemons.newThread(runnable);
            t.setName(name);
            return t;
        };
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
            executeLater(task);
        }
    }

    /** Runs the task on the selector thread after what is already queued, even when called from there. */
    void executeLater(Runnable task) {
        tasks.add(task);
        synchronized (lifecycle) {
            if (thread != null) {
                selector.wakeup();
                return;
            }
            try {
                selector = Selector.open();
            } catch (IOException e) {
                // the task stays queued; whoever waits for it runs into its own timeout (connect, handshake)
                LOG.log(System.Logger.Level.WARNING, "cannot open a selector for client connections", e);
                return;
            }
            thread = threads.newThread(this);
            thread.start();
        }
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
        Selector mine;
        synchronized (lifecycle) {
            mine = selector;
        }
        long idleSince = System.nanoTime();
        while (true) {
            try {
                boolean worked = runTasks();
                int ready = mine.select(SharedThreads.IDLE_MILLIS);
                for (SelectionKey key : mine.selectedKeys()) {
                    Object owner = key.attachment();
                    if (owner instanceof Ready r && key.isValid()) {
                        try {
                            r.onReady(key);
                        } catch (CancelledKeyException ignored) {
                            // the channel was closed while we looked at it
                        } catch (RuntimeException | Error e) {
                            LOG.log(System.Logger.Level.WARNING, "a client connection failed on the selector thread",
                                    e);
                        }
                    }
                }
                mine.selectedKeys().clear();
                long now = System.nanoTime();
                if (worked || ready > 0 || !mine.keys().isEmpty()) {
                    idleSince = now;
                } else if (now - idleSince >= TimeUnit.MILLISECONDS.toNanos(SharedThreads.IDLE_MILLIS) && end(mine)) {
                    return;
                }
            } catch (IOException | RuntimeException e) {
                // a selector must survive anything one connection does
                LOG.log(System.Logger.Level.WARNING, "client selector loop failed", e);
            }
        }
    }

    /** Ends the thread unless a task came in meanwhile (then {@link #executeLater} found the thread still running). */
    private boolean end(Selector mine) {
        synchronized (lifecycle) {
            if (!tasks.isEmpty()) {
                return false;
            }
            thread = null;
            selector = null;
        }
        closeQuietly(mine);
        return true;
    }

    /** Runs the queued tasks; whether there were any. */
    private boolean runTasks() {
        boolean any = false;
        Runnable task;
        while ((task = tasks.poll()) != null) {
            any = true;
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.log(System.Logger.Level.WARNING, "a client selector task failed", e);
            }
        }
        return any;
    }

    static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // nothing left to do with it
        }
    }
}
