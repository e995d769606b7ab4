package dev.onramp.websocket.session;

import dev.onramp.websocket.transport.DrainLoop;
import dev.onramp.websocket.transport.Transport;
import dev.onramp.websocket.transport.WriteCallback;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A session's outbound frames on their way to the transport: bounded, ordered per call, pings and pongs ahead of
 * queued data frames (never inside one), the close frame behind them, and several queued frames written as one
 * gathering write.
 *
 * <p>Policy when the peer reads slower than the application sends: encoded frames may wait up to {@code limit}
 * bytes in total. A frame is always accepted when nothing is queued (so one large message fits); otherwise a frame
 * that would exceed the limit is rejected — {@link #enqueue} then waits for room up to the caller's patience
 * (blocking sends) or fails the frame at once with an {@link IOException} (asynchronous sends). Control frames are
 * never rejected. Every frame's {@link Completion} runs exactly once, outside the queue's lock.
 */
final class OutboundQueue {

    /** Completion of one frame: exactly one of the methods runs, once. */
    interface Completion {
        void succeeded();

        void failed(Throwable cause);
    }

    /** One encoded frame (or a flush marker when {@code buffers} is empty). */
    static final class Frame {
        final ByteBuffer[] buffers;
        /** The bytes of {@code buffers}; a reused frame ({@link BlockingSendSlot}) measures them anew each time. */
        long size;
        final boolean control;
        final long sendTimeoutMs;
        final Completion completion;
        /** An automatic pong: a newer one replaces it while it still waits in the queue. */
        final boolean replaceable;
        /** The close frame: never rejected (as a control frame), but written behind the data frames queued before it. */
        final boolean closing;

        Frame(ByteBuffer[] buffers, boolean control, long sendTimeoutMs, Completion completion) {
            this(buffers, control, sendTimeoutMs, completion, false, false);
        }

        /** An automatic answer to a ping, which the next automatic answer replaces if it has not been taken yet. */
        static Frame automaticPong(ByteBuffer[] buffers, Completion completion) {
            return new Frame(buffers, true, 0, completion, true, false);
        }

        /**
         * The close frame. RFC 6455 §5.5.1: no data frame may follow it, so it does not go ahead of data frames that
         * were queued before it (pings and pongs do); it is never rejected for lack of room.
         */
        static Frame close(ByteBuffer[] buffers, Completion completion) {
            return new Frame(buffers, true, 0, completion, false, true);
        }

        private Frame(ByteBuffer[] buffers, boolean control, long sendTimeoutMs, Completion completion,
                boolean replaceable, boolean closing) {
            this.replaceable = replaceable;
            this.closing = closing;
            this.buffers = buffers;
            remeasure();
            this.control = control;
            this.sendTimeoutMs = sendTimeoutMs;
            this.completion = completion;
        }

        /** Measures the buffers again before a reused frame is queued once more (never while it is queued). */
        void remeasure() {
            long n = 0;
            for (ByteBuffer b : buffers) {
                n += b.remaining();
            }
            size = n;
        }
    }

    private static final int MAX_FRAMES_PER_WRITE = 64;
    static final int MAX_WAITING_PONGS = 16;
    private static final long MAX_BYTES_PER_WRITE = 1024 * 1024;

    private final Transport transport;
    private final ScheduledExecutorService timers;
    private final long limit;
    private final Runnable onWritten;
    private final Consumer<Throwable> onWriteFailure;

    private final ArrayDeque<Frame> control = new ArrayDeque<>();
    private final ArrayDeque<Frame> data = new ArrayDeque<>();
    /**
     * Automatic pongs waiting in {@link #control}, and the newest of them. Up to {@link #MAX_WAITING_PONGS} wait, each
     * ping answered in turn (Autobahn expects every ping answered); beyond that the newest waiting pong is replaced,
     * as RFC 6455 §5.5.3 allows (answering only the most recent ping), so a peer that floods pings and does not read
     * cannot grow the queue.
     */
    private int waitingPongs;
    private Frame newestPong;
    private long queuedBytes;
    private boolean writing;
    /** Starts writes on one thread at a time; a write completed inline (inside transport.write) does not recurse. */
    private final DrainLoop starting = new DrainLoop(this::startWrites);
    private boolean batching;
    private Throwable failure;
    /** The thread whose replies wait for {@link #release}, or null. */
    private Thread holder;
    /** The write in progress, reused for every write. */
    private final Batch batch = new Batch();

    /**
     * @param onWritten told after each transport write that completed (the peer is taking bytes: the session is not
     *     idle while a long queue drains)
     * @param onWriteFailure told once when a transport write fails or times out (the connection is then unusable)
     */
    OutboundQueue(Transport transport, ScheduledExecutorService timers, long limit, Runnable onWritten,
            Consumer<Throwable> onWriteFailure) {
        this.transport = transport;
        this.timers = timers;
        this.limit = limit;
        this.onWritten = onWritten;
        this.onWriteFailure = onWriteFailure;
    }

    /**
     * Queues a frame and starts writing if nothing is being written.
     *
     * @param waitNanos how long to wait for room when the queue is full: 0 fails a rejected frame at once
     */
    void enqueue(Frame frame, long waitNanos) {
        Throwable rejected = null;
        Frame replaced = null;
        synchronized (this) {
            if (failure == null && !frame.control && frame.size > 0) {
                long deadline = System.nanoTime() + waitNanos;
                CallbackPool waiting = null; // a blocking send waits for room: other sessions' callbacks go on
                try {
                    while (failure == null && queuedBytes > 0 && queuedBytes + frame.size > limit) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            break;
                        }
                        if (waiting == null) {
                            waiting = CallbackPool.enterBlocking();
                        }
                        try {
                            TimeUnit.NANOSECONDS.timedWait(this, left);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            break;
                        }
                    }
                } finally {
                    CallbackPool.exitBlocking(waiting);
                }
                if (failure == null && queuedBytes > 0 && queuedBytes + frame.size > limit) {
                    rejected = new IOException("outbound queue full: " + queuedBytes + " bytes wait for a slow peer (limit "
                            + limit + ")");
                }
            }
            if (failure != null) {
                rejected = failure instanceof IOException ? failure : new IOException(failure);
            }
            if (rejected == null) {
                if (frame.replaceable) {
                    if (waitingPongs >= MAX_WAITING_PONGS && control.removeLastOccurrence(newestPong)) {
                        replaced = newestPong;
                        queuedBytes -= replaced.size;
                        waitingPongs--;
                    }
                    newestPong = frame;
                    waitingPongs++;
                }
                (frame.control && !frame.closing ? control : data).add(frame);
                queuedBytes += frame.size;
            }
        }
        if (rejected != null) {
            frame.completion.failed(rejected);
            return;
        }
        if (replaced != null) {
            replaced.completion.succeeded(); // answered by the newer pong
        }
        flush();
    }

    /**
     * Replies that the calling thread queues from now until {@link #release} wait there instead of starting a write
     * each: a read thread that runs handlers inline holds them while it works through one read, so the answers to the
     * messages of one read leave in one write. Any other frame (from any thread), and a write that completes
     * meanwhile, start writing what is queued, held replies included, in order.
     */
    synchronized void hold() {
        holder = Thread.currentThread();
    }

    /** Ends {@link #hold} on the calling thread and starts writing the replies it held. */
    void release() {
        synchronized (this) {
            if (holder != Thread.currentThread()) {
                return;
            }
            holder = null;
        }
        flush();
    }

    /**
     * Queues a reply (a data frame answering the message being read) without waiting when it fits, together with the
     * frames already queued, in {@code window} bytes (and in the queue's limit); held by {@link #hold} when the
     * calling thread holds. Returns false, queuing nothing, when it does not fit or the queue has failed: the caller
     * then sends it as a blocking send does, waiting for room and for its write.
     */
    boolean offerReply(Frame reply, long window) {
        boolean held;
        synchronized (this) {
            if (failure != null || queuedBytes + reply.size > Math.min(window, limit)) {
                return false;
            }
            data.add(reply);
            queuedBytes += reply.size;
            held = holder == Thread.currentThread();
        }
        if (!held) {
            flush();
        }
        return true;
    }

    /** While batching, frames are handed to the transport without a flush; see {@link #flushBatch}. */
    synchronized void setBatching(boolean batching) {
        this.batching = batching;
    }

    synchronized boolean isBatching() {
        return batching;
    }

    /** Fails every queued frame and every later one with the cause; idempotent. */
    void fail(Throwable cause) {
        List<Frame> dropped = new ArrayList<>();
        synchronized (this) {
            if (failure == null) {
                failure = cause;
            }
            dropped.addAll(control);
            dropped.addAll(data);
            waitingPongs = 0;
            newestPong = null;
            control.clear();
            data.clear();
            queuedBytes = 0;
            notifyAll();
        }
        for (Frame f : dropped) {
            f.completion.failed(cause);
        }
    }

    private void flush() {
        starting.signal();
    }

    /** Starts the next write unless one is outstanding (the transport takes one at a time); {@link #starting}'s work. */
    private void startWrites() {
        while (true) {
            Batch next;
            synchronized (this) {
                if (writing || failure != null || (control.isEmpty() && data.isEmpty())) {
                    return;
                }
                next = takeBatch();
                writing = true;
            }
            next.start();
        }
    }

    private Batch takeBatch() {
        if (control.isEmpty() && (data.size() == 1 || data.peek().size >= MAX_BYTES_PER_WRITE)) {
            // the common case under request/response traffic: one frame, written from its own buffers, through the
            // queue's one reused batch (nothing is allocated per message)
            Frame only = data.poll();
            batch.prepare(only, null, only.buffers, only.size, !batching || only.buffers.length == 0,
                    only.sendTimeoutMs);
            return batch;
        }
        List<Frame> frames = new ArrayList<>();
        long bytes = 0;
        int buffers = 0;
        while (!control.isEmpty() && frames.size() < MAX_FRAMES_PER_WRITE) {
            Frame f = control.poll();
            if (f.replaceable) {
                waitingPongs--;
                if (f == newestPong) {
                    newestPong = null;
                }
            }
            frames.add(f);
            bytes += f.size;
            buffers += f.buffers.length;
        }
        while (!data.isEmpty() && frames.size() < MAX_FRAMES_PER_WRITE && (frames.isEmpty() || bytes < MAX_BYTES_PER_WRITE)) {
            Frame f = data.poll();
            frames.add(f);
            bytes += f.size;
            buffers += f.buffers.length;
        }
        ByteBuffer[] all = new ByteBuffer[buffers];
        int i = 0;
        long timeout = 0;
        for (Frame f : frames) {
            for (ByteBuffer b : f.buffers) {
                all[i++] = b;
            }
            if (f.sendTimeoutMs > 0 && (timeout == 0 || f.sendTimeoutMs < timeout)) {
                timeout = f.sendTimeoutMs;
            }
        }
        // a flush marker (no buffers) or any non-batched frame asks for a flush
        batch.prepare(null, frames, all, bytes, !batching || hasFlushMarker(frames), timeout);
        return batch;
    }

    private static boolean hasFlushMarker(List<Frame> frames) {
        for (Frame f : frames) {
            if (f.buffers.length == 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * The transport write in progress (one at a time: {@link #writing}), of one frame or several; completes them
     * all. The queue reuses its one instance for every write, so each write has a generation: a timeout timer of an
     * earlier write finds a newer generation and does nothing. The frames are taken out under the queue's lock when
     * the write ends, before the next write may reuse the batch.
     */
    private final class Batch implements WriteCallback {
        /** The one frame of a single-frame write, else null. */
        private Frame single;
        /** The frames of a write of several, else null. */
        private List<Frame> frames;
        private ByteBuffer[] buffers;
        private long bytes;
        private boolean flush;
        private long timeoutMs;
        private long generation;
        private boolean done = true;
        private ScheduledFuture<?> timer;

        /** Called under the queue's lock, while no write is outstanding. */
        void prepare(Frame single, List<Frame> frames, ByteBuffer[] buffers, long bytes, boolean flush, long timeoutMs) {
            this.single = single;
            this.frames = frames;
            this.buffers = buffers;
            this.bytes = bytes;
            this.flush = flush;
            this.timeoutMs = timeoutMs;
            this.generation++;
            this.done = false;
            this.timer = null;
        }

        /** Called by the one thread that starts writes, right after {@link #prepare}, outside the lock. */
        void start() {
            long timeout = timeoutMs;
            long started = generation; // written by this thread in prepare(), and by no other
            transport.write(buffers, flush, this);
            if (timeout > 0) {
                synchronized (OutboundQueue.this) {
                    // the clock runs only for a write the transport could not complete at once: a socket that is full
                    if (!done && generation == started) {
                        timer = timers.schedule(() -> timedOut(started, timeout), timeout, TimeUnit.MILLISECONDS);
                    }
                }
            }
        }

        /**
         * Marks the write of this generation done, once (its timeout and the transport's answer may race), and takes
         * its frames out; returns null when it already was done. {@code madeRoom}: the bytes left the queue for good,
         * so senders waiting for room may go on (after a failure they are woken by {@link #fail} instead, which
         * rejects them).
         */
        private Object finish(long of, boolean madeRoom) {
            synchronized (OutboundQueue.this) {
                if (done || (of != CURRENT && generation != of)) {
                    return null;
                }
                done = true;
                writing = false;
                queuedBytes -= bytes;
                if (madeRoom) {
                    OutboundQueue.this.notifyAll();
                }
                if (timer != null) {
                    timer.cancel(false);
                    timer = null;
                }
                Object taken = single != null ? single : frames;
                single = null;
                frames = null;
                buffers = null;
                return taken;
            }
        }

        /** The transport's answer is for the write outstanding, whichever generation it is. */
        private static final long CURRENT = -1;

        private void timedOut(long of, long timeout) {
            synchronized (OutboundQueue.this) {
                if (done || generation != of) {
                    return;
                }
            }
            failed(of, new IOException("send timed out: the peer took no data for " + timeout + " ms"));
            transport.close();
        }

        @Override
        public void completed() {
            Object taken = finish(CURRENT, true);
            if (taken == null) {
                return;
            }
            onWritten.run();
            if (taken instanceof Frame f) {
                f.completion.succeeded();
            } else {
                for (Frame f : frames(taken)) {
                    f.completion.succeeded();
                }
            }
            flush();
        }

        @Override
        public void failed(Throwable cause) {
            failed(CURRENT, cause);
        }

        private void failed(long of, Throwable cause) {
            Object taken = finish(of, false);
            if (taken == null) {
                return;
            }
            if (taken instanceof Frame f) {
                f.completion.failed(cause);
            } else {
                for (Frame f : frames(taken)) {
                    f.completion.failed(cause);
                }
            }
            fail(cause);
            onWriteFailure.accept(cause);
        }

        @SuppressWarnings("unchecked")
        private List<Frame> frames(Object taken) {
            return (List<Frame>) taken;
        }
    }
}
