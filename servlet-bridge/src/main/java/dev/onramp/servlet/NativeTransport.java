package dev.onramp.servlet;

import dev.onramp.websocket.transport.Transport;
import dev.onramp.websocket.transport.TransportHandler;
import dev.onramp.websocket.transport.WriteCallback;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.CompletionHandler;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * A {@link Transport} over a container's own I/O for an upgraded connection (a native channel), as a container module
 * offers it through {@link OnrampUpgradeHandler#offerNativeChannel}. The module sits on the container's class path and
 * Onramp possibly in a web application's, so the two speak JDK types only; neither names a class of the other.
 *
 * <p>The native channel contract (version 1), which {@code onramp-jetty-upgrade-fix} and {@code
 * onramp-tomcat-upgrade-fix} implement:
 * <ul>
 *   <li>The channel is a {@code Flow.Publisher<ByteBuffer>} of the bytes the peer sends. It accepts one subscriber,
 *       which also implements {@code CompletionHandler<Long, Void>} for write completions, and calls its
 *       {@code onSubscribe} at once with a subscription that also implements {@code Consumer<ByteBuffer[]>}.</li>
 *   <li>{@code request(n)} asks for one more read (any {@code n >= 1} counts once; demand does not add up). The channel
 *       then calls {@code onNext} once with bytes between position and limit; the buffer stays the subscriber's until
 *       its next {@code request}. {@code onComplete} is the peer's FIN, {@code onError} a failure; either may come
 *       without a request, never concurrently with {@code onNext}, and nothing comes after it.</li>
 *   <li>{@code accept(buffers)} writes the buffers in order and calls the subscriber's {@code completed} or
 *       {@code failed} exactly once, possibly before {@code accept} returns. One write at a time.</li>
 *   <li>{@code cancel()} closes the connection at once; idempotent.</li>
 *   <li>No method blocks (but see the blocking write below); every method may be called from any thread, including
 *       from inside a callback.</li>
 * </ul>
 * Reads are delivered on the container's threads; a write's completion may run on the container's I/O thread.
 *
 * <p>Optional in version 1 (a channel without them works as before, with every callback handed off):
 * <ul>
 *   <li>The subscription also implements {@code BooleanSupplier}, answering true: a thread inside {@code onNext} may
 *       wait for a write (the application's blocking send from a message handler run inline, to this connection or
 *       another one of the channel's kind), because a write's completion needs neither that thread, nor that
 *       {@code onNext} to return, nor the connection's lock: it runs on the container's selector, or at most on
 *       another thread of the pool that runs {@code onNext}.</li>
 *   <li>The subscription also implements {@code IntSupplier}: the size of the pool whose threads run {@code onNext}
 *       (its maximum number of threads, less those it keeps for good for other work such as selectors), or 0 and
 *       less when it has no such bound. Onramp then runs application code on at most half of those threads at once
 *       (and never more than its own ceiling, {@code dev.onramp.websocket.maxInlineCallbackThreads}), so the other
 *       half stays free for the write completions and the reads of other connections whatever the application's
 *       handlers wait for.</li>
 * </ul>
 */
final class NativeTransport implements Transport {

    private final boolean secure;
    private final InetSocketAddress local;
    private final InetSocketAddress remote;
    private final Link link = new Link();

    private volatile Flow.Subscription subscription;
    private volatile Consumer<ByteBuffer[]> writer;
    /** What {@link #readThreadsForApplicationCode()} answers, from the channel's optional parts. */
    private volatile int readThreadsForApplicationCode;
    private volatile TransportHandler handler;

    private final AtomicReference<WriteCallback> pendingWrite = new AtomicReference<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The handler asked for bytes and has not been answered. */
    private final AtomicBoolean demanded = new AtomicBoolean();
    /** The channel's end (EOF or a failure), kept until the handler demands; delivered once. */
    private final AtomicReference<Throwable> end = new AtomicReference<>();
    private final AtomicBoolean endDelivered = new AtomicBoolean();
    /**
     * The thread inside the handler's {@code onData}, if any: the end is told after that call returns, never inside
     * or beside it (the channel never overlaps its own signals; the end may reach this class on another thread).
     */
    private volatile Thread delivering;

    private static final Throwable END_OF_INPUT = new EndOfInput();
    private static final ByteBuffer[] NO_BYTES = new ByteBuffer[0];

    /**
     * Subscribes to the channel now, so that writes work before {@link #start} (an endpoint's {@code onOpen} may send);
     * no byte is read before {@link #start}.
     *
     * @throws IllegalStateException when the channel does not keep the contract (no writable subscription)
     */
    NativeTransport(Flow.Publisher<ByteBuffer> channel, boolean secure, InetSocketAddress local,
            InetSocketAddress remote) {
        this.secure = secure;
        this.local = local;
        this.remote = remote;
        channel.subscribe(link);
        if (subscription == null || writer == null) {
            throw new IllegalStateException("the native channel " + channel.getClass().getName()
                    + " did not hand over a writable subscription");
        }
    }

    @Override
    public void start(TransportHandler handler) {
        this.handler = Objects.requireNonNull(handler, "handler");
        demand();
    }

    @Override
    public void demand() {
        if (handler == null) {
            throw new IllegalStateException("demand() before start()");
        }
        demanded.set(true);
        if (end.get() != null) {
            deliverEnd();
        } else if (!closed.get()) {
            subscription.request(1);
        }
    }

    @Override
    public void write(ByteBuffer[] buffers, boolean flush, WriteCallback callback) {
        Objects.requireNonNull(callback, "callback");
        if (!pendingWrite.compareAndSet(null, callback)) {
            callback.failed(new IllegalStateException("a write is already outstanding"));
            return;
        }
        Throwable ended = end.get();
        if (closed.get() || ended != null && ended != END_OF_INPUT) {
            failWrite(callback, ended != null ? ended : new IOException("connection closed"));
            return;
        }
        // the channel writes through to the network: a write without flush is flushed as well
        writer.accept(buffers == null ? NO_BYTES : buffers);
    }

    @Override
    public int readThreadsForApplicationCode() {
        return readThreadsForApplicationCode;
    }

    /**
     * How many threads of a channel's pool may run application code at once: none unless the channel allows it,
     * then half the pool it reports (none of a pool of one thread), or no bound of the channel's own when it reports
     * none.
     */
    static int readThreadsForApplicationCode(Flow.Subscription channel) {
        if (!(channel instanceof BooleanSupplier may) || !may.getAsBoolean()) {
            return 0;
        }
        int pool = channel instanceof IntSupplier size ? size.getAsInt() : 0;
        return pool > 0 ? pool / 2 : Integer.MAX_VALUE;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        subscription.cancel();
        WriteCallback write = pendingWrite.getAndSet(null);
        if (write != null) {
            write.failed(new IOException("connection closed"));
        }
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    private void failWrite(WriteCallback expected, Throwable cause) {
        if (pendingWrite.compareAndSet(expected, null)) {
            expected.failed(cause);
        }
    }

    /**
     * Hands the channel's end to the handler if it is waiting for bytes and not inside {@code onData}; at most once,
     * and never after {@link #close}.
     */
    private void deliverEnd() {
        Throwable cause = end.get();
        if (cause == null || !demanded.get() || delivering != null || closed.get()
                || !endDelivered.compareAndSet(false, true)) {
            return;
        }
        demanded.set(false);
        if (cause == END_OF_INPUT) {
            handler.onEndOfInput();
        } else {
            handler.onFailure(cause);
        }
    }

    /** What the channel calls: the subscriber of its reads and the handler of its write completions. */
    private final class Link implements Flow.Subscriber<ByteBuffer>, CompletionHandler<Long, Void> {

        @Override
        @SuppressWarnings("unchecked")
        public void onSubscribe(Flow.Subscription s) {
            if (s instanceof Consumer<?> w) {
                writer = (Consumer<ByteBuffer[]>) w;
            }
            readThreadsForApplicationCode = readThreadsForApplicationCode(s);
            subscription = s;
        }

        @Override
        public void onNext(ByteBuffer data) {
            if (closed.get()) {
                return; // read before the close reached the channel: after close() no handler call starts
            }
            demanded.set(false);
            delivering = Thread.currentThread();
            try {
                handler.onData(data);
            } finally {
                delivering = null;
            }
            deliverEnd(); // an end that came, or was demanded, while onData ran
        }

        @Override
        public void onError(Throwable cause) {
            ended(cause == null ? new IOException("the connection failed") : cause);
        }

        @Override
        public void onComplete() {
            ended(END_OF_INPUT);
        }

        private void ended(Throwable cause) {
            if (!end.compareAndSet(null, cause)) {
                return;
            }
            if (cause != END_OF_INPUT) {
                WriteCallback write = pendingWrite.get();
                if (write != null) {
                    failWrite(write, cause);
                }
            }
            if (handler != null) {
                deliverEnd();
            }
        }

        @Override
        public void completed(Long bytes, Void attachment) {
            WriteCallback write = pendingWrite.getAndSet(null);
            if (write != null) {
                write.completed();
            }
        }

        @Override
        public void failed(Throwable cause, Void attachment) {
            WriteCallback write = pendingWrite.get();
            if (write != null) {
                failWrite(write, cause);
            }
        }
    }

    /** Marks the peer's FIN among the channel's ends; never thrown. */
    private static final class EndOfInput extends Throwable {
        EndOfInput() {
            super("end of input", null, false, false);
        }
    }
}
