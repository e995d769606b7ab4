package dev.onramp.servlet;

import dev.onramp.websocket.transport.DrainLoop;
import dev.onramp.websocket.transport.Transport;
import dev.onramp.websocket.transport.TransportHandler;
import dev.onramp.websocket.transport.WriteCallback;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.WebConnection;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Transport} over an upgraded servlet connection, with the non-blocking I/O of Servlet 3.1
 * ({@link ReadListener}/{@link WriteListener}). No method waits for the peer, so no container thread is ever
 * parked by a slow client.
 *
 * <p>Each direction runs in a {@link DrainLoop} (one thread at a time, never a lock): whoever has work for it (the
 * container's listener callbacks, the engine's {@code demand()} or {@code write()}, possibly from inside a handler
 * callback) signals it. That keeps the servlet streams single-threaded, keeps re-entrant calls from recursing, and
 * lets a container callback and an application thread race without either waiting for the other. Reads and writes
 * never wait for each other either: some containers (Tomcat) never run {@code onWritePossible} while the same
 * connection is inside {@code onDataAvailable}. The {@link Transport} contract holds as written there.
 */
public final class ServletTransport implements Transport {

    /** Size of the reused read buffer; large enough for a few typical frames per read. */
    static final int READ_BUFFER_SIZE = 16 * 1024;

    /**
     * Bytes a container callback reads ahead of the handler's demand. Past it the callback stops reading, and the
     * handler's next demand reads on (the only case in which an application thread touches the input stream).
     */
    static final int READ_AHEAD_LIMIT = 64 * 1024;

    /** Direct buffers are copied to the servlet stream through a scratch array of this size. */
    private static final int COPY_CHUNK = 64 * 1024;

    private final ConnectionCloser closer;
    private final ServletInputStream in;
    private final ServletOutputStream out;
    private final boolean secure;
    private final InetSocketAddress local;
    private final InetSocketAddress remote;

    /** Hands read-ahead buffers to the handler while it demands. */
    private final DrainLoop reads = new DrainLoop(this::deliverWhileDemanded);
    private final AtomicBoolean demanded = new AtomicBoolean();
    private volatile TransportHandler handler;
    /**
     * Reads happen in the container's read callbacks, never concurrently with them: Tomcat re-arms a read dispatch
     * after each one and, in that dispatch, fills its socket buffer before calling the listener, so an application
     * thread reading at the same time would share that buffer with it. Guarded by readLock.
     */
    private final Object readLock = new Object();
    private final ArrayDeque<ByteBuffer> readAhead = new ArrayDeque<>();
    private final ArrayDeque<ByteBuffer> spareBuffers = new ArrayDeque<>();
    private int readAheadBytes;
    private boolean stoppedAtLimit;
    private boolean inputEnded;
    private ByteBuffer handed;
    /**
     * Reads from the stream into the read-ahead. A callback that arrives while another thread is still reading
     * (Jetty calls back as soon as isReady() returned false, possibly before that reader has left) must not be lost:
     * the loop runs again for it.
     */
    private final DrainLoop fills = new DrainLoop(this::fillWhileReady);
    /**
     * Whether the container has called the read listener yet. Nothing is read before: the servlet
     * specification has the container make the first onDataAvailable call, and reading earlier may see the
     * end of the HTTP request's (empty) body instead of the upgraded stream.
     */
    private volatile boolean readable;
    private boolean readFinished; // touched only inside the read loop

    /** Hands the pending write to the output stream while it is ready. */
    private final DrainLoop writes = new DrainLoop(this::writeWhilePossible);
    private final AtomicReference<PendingWrite> pendingWrite = new AtomicReference<>();
    private byte[] copyChunk; // touched only inside the write loop

    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    /**
     * Container callbacks (read or write listener methods) running now. A close made while one runs is seen by
     * the container when that callback returns; one made outside them is not, by some containers (Tomcat).
     */
    private final AtomicInteger callbacks = new AtomicInteger();

    private ServletTransport(WebConnection connection, boolean secure, InetSocketAddress local,
            InetSocketAddress remote, ScheduledExecutorService timers) throws IOException {
        this.closer = ConnectionCloser.of(connection, timers);
        this.in = connection.getInputStream();
        this.out = UpgradedOutput.prepare(connection.getOutputStream()); // before the listeners: see there
        this.secure = secure;
        this.local = local;
        this.remote = remote;
    }

    /**
     * Wraps an upgraded connection and installs the non-blocking listeners. Call it from
     * {@code HttpUpgradeHandler.init}, on the container's thread; no byte is read before {@link #start}.
     *
     * @param timers runs a close that must wait (on Grizzly: until the connection is quiet); its tasks are short
     * @throws IOException when the container cannot hand out the connection's streams
     */
    public static ServletTransport attach(WebConnection connection, boolean secure, InetSocketAddress local,
            InetSocketAddress remote, ScheduledExecutorService timers) throws IOException {
        ServletTransport transport = new ServletTransport(Objects.requireNonNull(connection, "connection"), secure,
                local, remote, Objects.requireNonNull(timers, "timers"));
        transport.in.setReadListener(transport.closer.watch(transport.new Reads()));
        transport.out.setWriteListener(transport.new Writes());
        return transport;
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
        reads.signal();
    }

    @Override
    public void write(ByteBuffer[] buffers, boolean flush, WriteCallback callback) {
        Objects.requireNonNull(callback, "callback");
        PendingWrite write = new PendingWrite(buffers, flush, callback);
        if (!pendingWrite.compareAndSet(null, write)) {
            callback.failed(new IllegalStateException("a write is already outstanding"));
            return;
        }
        Throwable failed = failure.get();
        if (failed != null || closed.get()) {
            if (pendingWrite.compareAndSet(write, null)) {
                callback.failed(failed != null ? failed : new IOException("connection closed"));
            }
            return;
        }
        writes.signal();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closer.close();
        PendingWrite write = pendingWrite.getAndSet(null);
        if (write != null) {
            write.callback.failed(new IOException("connection closed"));
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

    // ---------------------------------------------------------------- reads

    /** How many container callbacks of this connection are running now (tests wait for none before closing). */
    int callbacksInProgress() {
        return callbacks.get();
    }

    /** Bytes read from the stream and not yet handed to the handler (for tests of the read-ahead bound). */
    int readAheadBytes() {
        synchronized (readLock) {
            return readAheadBytes;
        }
    }

    /** Delivers at most one event per demand. Touches the input stream only to resume after the read-ahead limit. */
    private void deliverWhileDemanded() {
        while (readable && !readFinished && !closed.get() && demanded.get()) {
            ByteBuffer next;
            boolean ended;
            boolean resume;
            synchronized (readLock) {
                if (handed != null) {
                    spareBuffers.add(handed); // the handler demanded again: the buffer it had is free
                    handed = null;
                }
                next = readAhead.poll();
                if (next != null) {
                    readAheadBytes -= next.remaining();
                    handed = next;
                }
                ended = next == null && inputEnded;
                resume = next == null && !ended && stoppedAtLimit;
            }
            if (next != null) {
                demanded.set(false);
                handler.onData(next); // may call demand() re-entrantly: the loop goes on
                continue;
            }
            Throwable failed = failure.get();
            if (failed != null) {
                readFinished = true;
                demanded.set(false);
                if (failed instanceof EOFException) {
                    handler.onEndOfInput(); // how Tomcat reports the peer's FIN on an upgraded connection
                } else {
                    handler.onFailure(failed);
                }
                return;
            }
            if (ended) {
                readFinished = true;
                demanded.set(false);
                handler.onEndOfInput();
                return;
            }
            if (!resume) {
                return; // the last read saw isReady() false: the container calls onDataAvailable when more arrives
            }
            fills.signal(); // no callback will come after a read that stopped at the limit with data still ready
        }
    }

    /**
     * Reads what the stream has ready into the read-ahead queue until isReady() is false (so the container calls
     * back when more arrives) or the limit is reached. Runs in container read callbacks, and on an application
     * thread only to resume after the limit.
     */
    private void fillWhileReady() {
        while (!closed.get()) {
            ByteBuffer buffer;
            synchronized (readLock) {
                stoppedAtLimit = false;
                if (inputEnded) {
                    return;
                }
                if (readAheadBytes >= READ_AHEAD_LIMIT) {
                    stoppedAtLimit = true;
                    return;
                }
                buffer = spareBuffers.isEmpty() ? ByteBuffer.allocate(READ_BUFFER_SIZE) : spareBuffers.poll();
            }
            int n;
            try {
                // isFinished() is not asked: some containers (Jetty 12) report the finished HTTP request body
                // there, not the upgraded stream; end of input shows as read() == -1 or onAllDataRead
                n = in.isReady() ? in.read(buffer.array(), 0, buffer.capacity()) : 0;
            } catch (EOFException e) {
                n = -1; // the peer's FIN as Tomcat reports it: the output still works, answers may follow
            } catch (IOException | RuntimeException e) {
                failure.compareAndSet(null, e);
                n = 0;
            }
            synchronized (readLock) {
                if (n > 0) {
                    buffer.clear().limit(n);
                    readAhead.add(buffer);
                    readAheadBytes += n;
                    continue;
                }
                spareBuffers.add(buffer);
                if (n < 0) {
                    inputEnded = true;
                }
            }
            return; // not ready (the container calls back), end of input, or a failure
        }
    }

    /** The container's read callbacks. */
    private final class Reads implements ReadListener {
        // allocated once: a listener method must not cost an allocation per call
        private final Runnable dataAvailable = () -> {
            readable = true;
            fills.signal();
            if (handler != null) {
                reads.signal();
            }
        };
        private final Runnable allDataRead = () -> {
            synchronized (readLock) {
                inputEnded = true;
            }
            readable = true;
            if (handler != null) {
                reads.signal();
            }
        };

        @Override
        public void onDataAvailable() {
            inContainerCallback(dataAvailable);
        }

        @Override
        public void onAllDataRead() {
            inContainerCallback(allDataRead);
        }

        @Override
        public void onError(Throwable t) {
            if (t instanceof EOFException) {
                // Tomcat reports the peer's FIN (a half-close) as an error of the input stream: only reading ended,
                // the answers to what came before it must still be written
                onAllDataRead();
                return;
            }
            inContainerCallback(() -> fail(t));
        }
    }

    // ---------------------------------------------------------------- writes

    /** Runs with exclusive access to the output stream. */
    private void writeWhilePossible() {
        PendingWrite write;
        while ((write = pendingWrite.get()) != null) {
            try {
                if (!out.isReady()) {
                    return; // onWritePossible resumes
                }
                if (!write.step()) {
                    continue;
                }
            } catch (IOException | RuntimeException e) {
                fail(e);
                return;
            }
            // everything was written (and flushed) and the stream is ready again: the bytes are the container's
            if (pendingWrite.compareAndSet(write, null)) {
                write.callback.completed(); // may call write() re-entrantly: the loop goes on
            }
        }
    }

    /** The container's write callbacks. */
    private final class Writes implements WriteListener {
        private final Runnable writePossible = writes::signal;

        @Override
        public void onWritePossible() {
            inContainerCallback(writePossible);
        }

        @Override
        public void onError(Throwable t) {
            inContainerCallback(() -> fail(t));
        }
    }

    /** Runs a listener method, counted in {@link #callbacksInProgress} while it runs. */
    private void inContainerCallback(Runnable body) {
        callbacks.incrementAndGet();
        try {
            body.run();
        } finally {
            callbacks.decrementAndGet();
        }
    }

    private void fail(Throwable cause) {
        failure.compareAndSet(null, cause);
        readable = true;
        PendingWrite write = pendingWrite.getAndSet(null);
        if (write != null) {
            write.callback.failed(cause);
        }
        if (handler != null) {
            reads.signal();
        }
    }

    /** One {@link #write} in progress: which buffer is next, and whether the flush was done. */
    private final class PendingWrite {
        final ByteBuffer[] buffers;
        final boolean flush;
        final WriteCallback callback;
        int index;
        int offsetInBuffer;
        boolean flushed;

        PendingWrite(ByteBuffer[] buffers, boolean flush, WriteCallback callback) {
            this.buffers = buffers == null ? new ByteBuffer[0] : buffers;
            this.flush = flush;
            this.callback = callback;
        }

        /**
         * Hands one piece to the stream, which was ready. Returns true once nothing is left to hand over; the
         * caller then completes only when the stream reports ready again.
         */
        boolean step() throws IOException {
            while (index < buffers.length) {
                ByteBuffer buffer = buffers[index];
                int remaining = buffer.remaining() - offsetInBuffer;
                if (remaining <= 0) {
                    index++;
                    offsetInBuffer = 0;
                    continue;
                }
                int start = buffer.position() + offsetInBuffer;
                if (buffer.hasArray()) {
                    // non-blocking mode: the stream takes the whole array, then isReady() tells when it drained
                    out.write(buffer.array(), buffer.arrayOffset() + start, remaining);
                    offsetInBuffer += remaining;
                } else {
                    if (copyChunk == null) {
                        copyChunk = new byte[COPY_CHUNK];
                    }
                    int len = Math.min(remaining, COPY_CHUNK);
                    buffer.get(start, copyChunk, 0, len);
                    out.write(copyChunk, 0, len);
                    offsetInBuffer += len;
                }
                return false;
            }
            if (flush && !flushed) {
                flushed = true;
                out.flush();
                return false;
            }
            return true;
        }
    }
}
