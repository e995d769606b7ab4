package dev.onramp.websocket.session;

import dev.onramp.websocket.transport.Transport;
import dev.onramp.websocket.transport.TransportHandler;
import dev.onramp.websocket.transport.WriteCallback;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Transport} over memory for session-layer tests: the test feeds bytes as the peer would send them and
 * reads what the engine wrote. Input is delivered on its own "I/O thread", one chunk per demand, as a container
 * does; writes complete at once unless the test stalls them (a peer that does not read).
 */
final class InMemoryTransport implements Transport {

    private final ExecutorService ioThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "in-memory-io");
        t.setDaemon(true);
        return t;
    });
    private final ArrayDeque<ByteBuffer> inbound = new ArrayDeque<>();
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final ArrayDeque<Runnable> stalledWrites = new ArrayDeque<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private TransportHandler handler;
    private ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
    private final java.util.concurrent.atomic.AtomicInteger deliveries = new java.util.concurrent.atomic.AtomicInteger();
    private boolean demanded;
    private boolean endOfInput;
    private boolean stallWrites;
    private int writes;
    /** Run on the writing thread after each write drained, to let the "peer" answer before the engine goes on. */
    volatile Runnable afterWrite;

    // ---- the test's side

    /** The peer sends these bytes (delivered as one chunk). */
    void feed(byte[] bytes) {
        synchronized (this) {
            inbound.add(ByteBuffer.wrap(bytes.clone()));
        }
        deliver();
    }

    /**
     * The peer's bytes, handed to the engine on the calling thread (a container delivering on another thread), for
     * races the I/O thread's timing would hide: as soon as the engine demands (it may not have yet: it starts reading
     * only after onOpen returned), waiting up to 10 s for that.
     */
    void deliverNow(byte[] bytes) throws InterruptedException {
        TransportHandler h;
        synchronized (this) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!demanded || handler == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("the engine has not demanded within 10 s");
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            demanded = false;
            h = handler;
        }
        h.onData(ByteBuffer.wrap(bytes.clone()));
    }

    /** The peer closes its side of the TCP connection. */
    void feedEndOfInput() {
        synchronized (this) {
            endOfInput = true;
        }
        deliver();
    }

    /** From now on writes stay pending until {@link #releaseWrites}: a peer that does not read. */
    synchronized void stallWrites() {
        stallWrites = true;
    }

    void releaseWrites() {
        ArrayDeque<Runnable> pending;
        synchronized (this) {
            stallWrites = false;
            pending = new ArrayDeque<>(stalledWrites);
            stalledWrites.clear();
        }
        pending.forEach(Runnable::run);
    }

    /** Waits (up to 10 s) until the engine has written at least {@code count} frames; returns all written so far. */
    synchronized java.util.List<WireFrames.Frame> awaitFrames(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            java.util.List<WireFrames.Frame> frames = WireFrames.serverFrames(written.toByteArray());
            if (frames.size() >= count) {
                return frames;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected " + count + " frames, got " + frames);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** How many chunks the engine has been handed so far. */
    int deliveries() {
        return deliveries.get();
    }

    synchronized int writeCount() {
        return writes;
    }

    boolean awaitClosed(long seconds) throws InterruptedException {
        return closed.await(seconds, TimeUnit.SECONDS);
    }

    boolean isClosed() {
        return closed.getCount() == 0;
    }

    /** Like a container, the transport reads into one buffer that it refills after the next demand. */
    private ByteBuffer reuse(ByteBuffer next) {
        deliveries.incrementAndGet();
        if (readBuffer.capacity() < next.remaining()) {
            readBuffer = ByteBuffer.allocate(next.remaining());
        }
        readBuffer.clear();
        readBuffer.put(next).flip();
        return readBuffer;
    }

    private void deliver() {
        ioThread.execute(() -> {
            ByteBuffer next;
            boolean eof;
            TransportHandler h;
            synchronized (this) {
                if (!demanded || handler == null || isClosed()) {
                    return;
                }
                next = inbound.poll();
                eof = next == null && endOfInput;
                if (next == null && !eof) {
                    return;
                }
                demanded = false;
                h = handler;
            }
            if (next != null) {
                h.onData(reuse(next));
            } else {
                h.onEndOfInput();
            }
        });
    }

    // ---- the engine's side

    @Override
    public void start(TransportHandler handler) {
        synchronized (this) {
            this.handler = handler;
            this.demanded = true;
            notifyAll();
        }
        deliver();
    }

    @Override
    public void demand() {
        synchronized (this) {
            demanded = true;
            notifyAll();
        }
        deliver();
    }

    @Override
    public void write(ByteBuffer[] buffers, boolean flush, WriteCallback callback) {
        ByteBuffer[] views = new ByteBuffer[buffers.length];
        for (int i = 0; i < buffers.length; i++) {
            views[i] = buffers[i].duplicate();
        }
        // like a socket, the bytes are taken when the write drains, not when it is issued
        Runnable drain = () -> {
            boolean failed;
            synchronized (this) {
                writes++;
                failed = isClosed();
                if (!failed) {
                    for (ByteBuffer d : views) {
                        byte[] bytes = new byte[d.remaining()];
                        d.get(bytes);
                        written.write(bytes, 0, bytes.length);
                    }
                    notifyAll();
                }
            }
            if (failed) {
                callback.failed(new java.io.IOException("closed"));
            } else {
                callback.completed();
            }
            Runnable hook = afterWrite;
            if (hook != null) {
                hook.run();
            }
        };
        synchronized (this) {
            if (stallWrites) {
                stalledWrites.add(drain);
                return;
            }
        }
        drain.run();
    }

    @Override
    public void close() {
        closed.countDown();
    }

    @Override
    public boolean isSecure() {
        return false;
    }

    @Override
    public InetSocketAddress localAddress() {
        return null;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return null;
    }
}
