package dev.onramp.jetty;

import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ThreadPool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CompletionHandler;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * The Jetty connection of a socket that Onramp took over after a servlet upgrade, the way Jetty's own WebSocket runs
 * its connections: reads fill a pooled buffer straight from the {@link EndPoint} when Onramp demands (fill interest
 * when nothing is there), writes go to {@link EndPoint#write} with a callback. No servlet stream, no servlet channel
 * dispatch, no output aggregation.
 *
 * <p>It counts the bytes it reads from and writes to the endpoint ({@link #getBytesIn}, {@link #getBytesOut}), as
 * Jetty's connections do, so Jetty's {@code ConnectionStatistics} sees them when the connection closes (the bytes the
 * HTTP connection read past the upgrade request are its own count, not this one's).
 *
 * <p>It is the native channel handed to Onramp ({@link Flow.Publisher} of the bytes read; the contract is written in
 * Onramp's {@code NativeTransport}). It becomes the endpoint's connection when the servlet exchange of the upgrade
 * request completes ({@code HttpStream.UPGRADE_CONNECTION_ATTRIBUTE}); Onramp may write or demand before that, which
 * waits for {@link #onOpen}.
 */
final class NativeUpgradeConnection extends AbstractConnection implements Connection.UpgradeTo, Flow.Publisher<ByteBuffer> {

    private final ByteBufferPool pool;
    /** Threads of the executor that runs the read loop, less those leased for good (selectors, acceptors); or -1. */
    private final int workerThreads;
    private final Channel channel = new Channel();
    private final Written written = new Written();
    private volatile Flow.Subscriber<? super ByteBuffer> reader;
    private volatile CompletionHandler<Long, Void> writes;

    /** Set once the endpoint belongs to this connection; guarded by {@link #opening} until then. */
    private volatile boolean opened;
    private final Object opening = new Object();
    /** A write Onramp made before the endpoint was this connection's; guarded by {@link #opening}. */
    private ByteBuffer[] heldWrite;

    /** Signals to run the read loop: only the thread that moves it from zero runs it, again for each signal. */
    private final AtomicInteger readWork = new AtomicInteger();
    private volatile boolean demanded;
    /** How the input ended (the peer's FIN as {@link #END_OF_INPUT}, or a failure); told to Onramp once. */
    private final AtomicReference<Throwable> end = new AtomicReference<>();
    private final AtomicBoolean endTold = new AtomicBoolean();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    /** Bytes the HTTP connection had read past the upgrade request; handed over first. Read loop only. */
    private ByteBuffer leftover;
    /** The pooled buffer Onramp holds, or the next fill goes into; released while nothing is there. Read loop only. */
    private RetainableByteBuffer buffer;

    private static final Throwable END_OF_INPUT = new IOException("end of input");

    /** Bytes filled from the endpoint; written by the read loop only. */
    private volatile long bytesIn;
    /** Bytes written to the endpoint, counted when a write completes; written by the one outstanding write's callback. */
    private volatile long bytesOut;
    /** The size of the write outstanding (Onramp makes one at a time). */
    private volatile long writing;

    NativeUpgradeConnection(EndPoint endPoint, Executor executor, ByteBufferPool pool, int inputBufferSize) {
        super(endPoint, executor);
        this.pool = pool;
        this.workerThreads = workerThreads(executor);
        setInputBufferSize(inputBufferSize);
    }

    /**
     * The threads of the connector's pool that may run connections' work: its maximum, less the threads it leases for
     * good to selectors and acceptors; -1 for an executor of unknown size.
     */
    static int workerThreads(Executor executor) {
        if (executor instanceof QueuedThreadPool queued) {
            return queued.getMaxThreads() - queued.getLeasedThreads();
        }
        if (executor instanceof ThreadPool.SizedThreadPool sized) {
            return sized.getMaxThreads();
        }
        return -1;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        if (reader != null || !(subscriber instanceof CompletionHandler<?, ?>)) {
            subscriber.onSubscribe(channel);
            subscriber.onError(new IllegalStateException(reader != null ? "one subscriber only"
                    : "the subscriber must handle write completions (CompletionHandler<Long, Void>)"));
            return;
        }
        writes = (CompletionHandler<Long, Void>) subscriber;
        reader = subscriber;
        subscriber.onSubscribe(channel);
    }

    @Override
    public void onUpgradeTo(ByteBuffer prefilled) {
        if (prefilled != null && prefilled.hasRemaining()) {
            ByteBuffer copy = ByteBuffer.allocate(prefilled.remaining());
            copy.put(prefilled).flip();
            leftover = copy;
        }
    }

    @Override
    public void onOpen() {
        super.onOpen();
        ByteBuffer[] held;
        synchronized (opening) {
            opened = true;
            held = heldWrite;
            heldWrite = null;
        }
        if (reader == null || cancelled.get()) {
            // Onramp never took the channel (its session failed to open) or closed it meanwhile
            getEndPoint().close();
            return;
        }
        if (held != null) {
            getEndPoint().write(written, held);
        }
        read();
    }

    @Override
    public void onFillable() {
        read();
    }

    @Override
    public void onFillInterestedFailed(Throwable cause) {
        ended(cause);
    }

    @Override
    public void onClose(Throwable cause) {
        super.onClose(cause);
        ended(cause != null ? cause : new IOException("the connection was closed"));
    }

    private void ended(Throwable cause) {
        if (end.compareAndSet(null, cause)) {
            read(); // tells Onramp from the read loop, never beside an onNext
        }
    }

    /** Runs the read loop unless another thread runs it; that one then goes round again. */
    private void read() {
        if (readWork.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            if (opened) {
                readWhileDemanded();
            }
            missed = readWork.addAndGet(-missed);
        } while (missed != 0);
    }

    private void readWhileDemanded() {
        while (demanded && !cancelled.get()) {
            if (leftover != null) {
                ByteBuffer first = leftover;
                leftover = null;
                handOver(first);
                continue;
            }
            Throwable cause = end.get();
            if (cause != null) {
                releaseBuffer();
                if (endTold.compareAndSet(false, true)) {
                    demanded = false;
                    if (cause == END_OF_INPUT) {
                        reader.onComplete();
                    } else {
                        reader.onError(cause);
                    }
                }
                return;
            }
            if (buffer == null) {
                buffer = pool.acquire(getInputBufferSize(), false);
            }
            ByteBuffer bytes = buffer.getByteBuffer();
            bytes.clear().limit(0); // Jetty fills after the limit
            int n;
            try {
                n = getEndPoint().fill(bytes);
            } catch (IOException e) {
                end.compareAndSet(null, e);
                continue;
            }
            if (n > 0) {
                bytesIn += n;
                handOver(bytes);
            } else if (n < 0) {
                end.compareAndSet(null, END_OF_INPUT);
            } else {
                releaseBuffer(); // an idle connection holds no buffer
                if (!isFillInterested()) {
                    fillInterested();
                }
                return;
            }
        }
    }

    private void handOver(ByteBuffer bytes) {
        demanded = false;
        reader.onNext(bytes); // may demand again on this thread: the loop goes on
    }

    @Override
    public long getBytesIn() {
        return bytesIn;
    }

    @Override
    public long getBytesOut() {
        return bytesOut;
    }

    private void releaseBuffer() {
        if (buffer != null) {
            buffer.release();
            buffer = null;
        }
    }

    /** The write completion, run by Jetty without a dispatch to another thread. */
    private final class Written implements Callback {
        private static final Long UNCOUNTED = 0L;

        @Override
        public void succeeded() {
            bytesOut += writing;
            writes.completed(UNCOUNTED, null);
        }

        @Override
        public void failed(Throwable cause) {
            writes.failed(cause, null);
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
        }
    }

    /**
     * What Onramp holds: demand, write and close. A thread in the read loop may wait for a write: its completion runs
     * on the selector ({@link Written} is non-blocking), never on the read loop's thread nor on a pooled thread; and
     * the read loop itself runs on a pooled thread (the fillable callback is blocking), never on the selector. The
     * pool's size tells Onramp how many of its threads handlers may hold, so that other connections are still read.
     */
    private final class Channel implements Flow.Subscription, Consumer<ByteBuffer[]>, BooleanSupplier, IntSupplier {

        @Override
        public boolean getAsBoolean() {
            return true;
        }

        @Override
        public int getAsInt() {
            return workerThreads;
        }

        @Override
        public void request(long n) {
            if (n > 0) {
                demanded = true;
                read();
            }
        }

        @Override
        public void accept(ByteBuffer[] buffers) {
            long size = 0;
            for (ByteBuffer b : buffers) {
                size += b.remaining();
            }
            writing = size;
            if (!opened) {
                synchronized (opening) {
                    if (!opened) {
                        heldWrite = buffers;
                        return;
                    }
                }
            }
            getEndPoint().write(written, buffers);
        }

        @Override
        public void cancel() {
            if (cancelled.compareAndSet(false, true)) {
                getEndPoint().close();
            }
        }
    }
}
