package dev.onramp.websocket.testing;

import dev.onramp.testing.Frames;
import dev.onramp.websocket.transport.Transport;
import dev.onramp.websocket.transport.TransportHandler;
import dev.onramp.websocket.transport.WriteCallback;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one {@link Transport} over memory for the engine's tests, playing the peer: the test feeds bytes as the peer
 * sends them (e.g. {@link Frames#client}) and reads what the engine wrote. It keeps the Transport contract as a
 * container does: input is delivered on its own "I/O thread", one chunk per demand, into one buffer it refills
 * only after the next demand; writes complete at once, unless the test stalls them (a peer that does not read)
 * and then releases them, all at once or one by one.
 */
public final class InMemoryTransport implements Transport {

    private final ExecutorService ioThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "in-memory-io");
        t.setDaemon(true);
        return t;
    });
    private final CountDownLatch closed = new CountDownLatch(1);
    private final CountDownLatch endOfInputDelivered = new CountDownLatch(1);
    private final AtomicInteger deliveries = new AtomicInteger();

    // guarded by this
    private final ArrayDeque<ByteBuffer> inbound = new ArrayDeque<>();
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final ArrayDeque<Runnable> stalledWrites = new ArrayDeque<>();
    private final List<ByteBuffer[]> writes = new ArrayList<>();
    private final List<Boolean> flushes = new ArrayList<>();
    private TransportHandler handler;
    private ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
    private boolean demanded;
    private boolean endOfInput;
    private boolean stallWrites;
    private int drained;

    /**
     * What {@link #readThreadsForApplicationCode()} answers (0 by default, as the portable transports): a positive
     * number plays a native transport, whose writes complete without its read thread (they do here, or the test
     * releases them).
     */
    public volatile int readThreadsForApplicationCode;

    /** Run on the writing thread after each write drained, to let the "peer" answer before the engine goes on. */
    public volatile Runnable afterWrite;

    // ---- the test's side: what the peer sends

    /** The peer sends these bytes (delivered as one chunk on the I/O thread, when the engine demands). */
    public void feed(byte[] bytes) {
        synchronized (this) {
            inbound.add(ByteBuffer.wrap(bytes.clone()));
        }
        deliver();
    }

    /**
     * The peer's bytes, handed to the engine on the calling thread (a container delivering on another thread), for
     * races the I/O thread's timing would hide: as soon as the engine demands (it may not have yet: it starts
     * reading only after onOpen returned), waiting up to 10 s for that.
     */
    public void deliverNow(byte[] bytes) throws InterruptedException {
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
    public void feedEndOfInput() {
        synchronized (this) {
            endOfInput = true;
        }
        deliver();
    }

    // ---- the test's side: how the peer reads

    /** From now on writes stay pending until released: a peer that does not read. */
    public synchronized void stallWrites() {
        stallWrites = true;
    }

    /** The peer reads again: every pending write drains, and later ones at once. */
    public void releaseWrites() {
        List<Runnable> pending;
        synchronized (this) {
            stallWrites = false;
            pending = new ArrayList<>(stalledWrites);
            stalledWrites.clear();
        }
        pending.forEach(Runnable::run);
    }

    /** The peer reads one pending write (the oldest); later writes stay pending. */
    public void releaseNextWrite() {
        Runnable next;
        synchronized (this) {
            next = stalledWrites.poll();
        }
        if (next == null) {
            throw new AssertionError("no write is pending");
        }
        next.run();
    }

    /** Waits (up to 10 s) until the engine has written at least {@code count} frames; returns all written so far. */
    public synchronized List<Frames.Frame> awaitFrames(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            List<Frames.Frame> frames = Frames.serverFrames(written.toByteArray());
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

    /** The buffer arrays of every write, as the engine passed them, in order. */
    public synchronized List<ByteBuffer[]> writes() {
        return List.copyOf(writes);
    }

    /** The flush flag of every write, in order. */
    public synchronized List<Boolean> flushes() {
        return List.copyOf(flushes);
    }

    /** How many writes have drained (completed or failed). */
    public synchronized int drainedWrites() {
        return drained;
    }

    /** Whether the engine is asking for more input now (it does not while it holds reading back). */
    public synchronized boolean demanded() {
        return demanded;
    }

    /** How many chunks the engine has been handed so far. */
    public int deliveries() {
        return deliveries.get();
    }

    /** Waits up to {@code seconds} for the engine to close the transport. */
    public boolean awaitClosed(long seconds) throws InterruptedException {
        return closed.await(seconds, TimeUnit.SECONDS);
    }

    /** Waits up to {@code seconds} until the engine has been told of the end of input (and has returned). */
    public boolean awaitEndOfInputDelivered(long seconds) throws InterruptedException {
        return endOfInputDelivered.await(seconds, TimeUnit.SECONDS);
    }

    public boolean isClosed() {
        return closed.getCount() == 0;
    }

    // ---- the engine's side

    @Override
    public void start(TransportHandler newHandler) {
        synchronized (this) {
            this.handler = newHandler;
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
                drained++;
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
                callback.failed(new IOException("closed"));
            } else {
                callback.completed();
            }
            Runnable hook = afterWrite;
            if (hook != null) {
                hook.run();
            }
        };
        synchronized (this) {
            writes.add(buffers);
            flushes.add(flush);
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
        ioThread.shutdown(); // what the peer still sends is lost
    }

    @Override
    public int readThreadsForApplicationCode() {
        return readThreadsForApplicationCode;
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

    /** Like a container, the transport reads into one buffer that it refills after the next demand. */
    private synchronized ByteBuffer reuse(ByteBuffer next) {
        deliveries.incrementAndGet();
        if (readBuffer.capacity() < next.remaining()) {
            readBuffer = ByteBuffer.allocate(next.remaining());
        }
        readBuffer.clear();
        readBuffer.put(next).flip();
        return readBuffer;
    }

    private void deliver() {
        if (isClosed()) {
            return;
        }
        try {
            ioThread.execute(this::deliverOne);
        } catch (java.util.concurrent.RejectedExecutionException closedMeanwhile) {
            // the engine closed the transport: nothing more is delivered
        }
    }

    private void deliverOne() {
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
            endOfInputDelivered.countDown();
        }
    }
}
