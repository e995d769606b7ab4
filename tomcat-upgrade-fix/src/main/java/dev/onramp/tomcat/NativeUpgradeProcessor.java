package dev.onramp.tomcat;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import org.apache.coyote.UpgradeToken;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;
import org.apache.tomcat.util.net.AbstractEndpoint.Handler.SocketState;
import org.apache.tomcat.util.net.SSLSupport;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.apache.tomcat.util.net.SocketWrapperBase.BlockingMode;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CompletionHandler;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.ObjLongConsumer;

/**
 * The processor of a connection that Onramp took over with Tomcat's own I/O, the way Tomcat's WebSocket runs its
 * connections: reads happen in Tomcat's read dispatches of this socket (one at a time, under the socket's lock),
 * writes go straight to the socket wrapper's non-blocking gathering write, whose completion Tomcat's poller drives
 * without a dispatch of this processor. No servlet stream and no listener is involved.
 *
 * <p>A write issued inside a read dispatch (Onramp runs message handlers there, and a handler's blocking send waits
 * for its write) is written blocking on that thread instead, as Tomcat's own WebSocket writes: the continuation of a
 * non-blocking write runs on a thread of Tomcat's executor, which handlers waiting in read dispatches could all hold,
 * while a blocking write is woken by the poller itself.
 *
 * <p>It is the native channel handed to Onramp ({@link Flow.Publisher} of the bytes read; the contract is written in
 * Onramp's {@code NativeTransport}) and also the {@code WebConnection} Tomcat passes to the handler's {@code init},
 * which is how Onramp knows it is already served natively.
 */
final class NativeUpgradeProcessor extends org.apache.coyote.http11.upgrade.UpgradeProcessorBase
        implements Flow.Publisher<ByteBuffer> {

    private static final Log log = LogFactory.getLog(NativeUpgradeProcessor.class);

    /**
     * Bytes read per dispatch. At least Tomcat's own socket read buffer (8 KiB by default), so that a read with that
     * buffer empty goes from the socket into this one directly.
     */
    static final int READ_BUFFER_SIZE = 16 * 1024;

    private static final Long UNCOUNTED = 0L;

    private final SocketWrapperBase<?> socket;
    private final Channel channel = new Channel();
    private volatile Flow.Subscriber<? super ByteBuffer> reader;
    private volatile CompletionHandler<Long, Void> writes;

    /** Onramp asked for bytes and has not had them yet. */
    private volatile boolean demanded;
    /** The thread in this connection's read dispatch, if any: a demand from it needs no new dispatch. */
    private volatile Thread reading;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Allocated at the first read, so an idle connection holds none; touched only in read dispatches. */
    private ByteBuffer buffer;

    NativeUpgradeProcessor(SocketWrapperBase<?> socket, UpgradeToken upgradeToken) {
        super(upgradeToken);
        this.socket = socket;
        // Onramp keeps its own timeouts (idle, send, close handshake)
        socket.setReadTimeout(INFINITE_TIMEOUT);
        socket.setWriteTimeout(INFINITE_TIMEOUT);
    }

    /** Whether Tomcat can run the non-blocking gathering writes this processor uses (its NIO connector can). */
    static boolean supports(SocketWrapperBase<?> socket) {
        return socket.hasAsyncIO();
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
    protected SocketState dispatch(SocketEvent status) {
        switch (status) {
            case OPEN_READ:
                return readWhileDemanded();
            case OPEN_WRITE:
                // writes complete through their operation, not here
                return closed.get() ? SocketState.CLOSED : SocketState.ASYNC_IO;
            case STOP:
                end(new IOException("the connector is stopping"));
                return SocketState.CLOSED;
            default:
                // DISCONNECT, ERROR, TIMEOUT, CONNECT_FAIL
                IOException error = socket.getError();
                end(error != null ? error : new IOException("the connection ended (" + status + ")"));
                return SocketState.CLOSED;
        }
    }

    /** Reads and hands over as long as Onramp asks; then waits for the poller or for Onramp's next demand. */
    private SocketState readWhileDemanded() {
        reading = Thread.currentThread();
        try {
            while (demanded && !closed.get() && !ended.get()) {
                int n;
                try {
                    if (buffer == null) {
                        if (!socket.isReadyForRead()) {
                            // nothing came yet: a connection that never receives never takes a buffer
                            socket.registerReadInterest();
                            break;
                        }
                        buffer = ByteBuffer.allocate(READ_BUFFER_SIZE);
                    }
                    buffer.clear();
                    n = socket.read(false, buffer);
                } catch (EOFException e) {
                    n = -1; // how Tomcat's non-blocking read reports the peer's FIN
                } catch (IOException e) {
                    end(e);
                    return SocketState.CLOSED;
                }
                if (n > 0) {
                    buffer.flip();
                    demanded = false;
                    reader.onNext(buffer); // may demand again on this thread: the loop goes on
                } else if (n < 0) {
                    // the peer's FIN: Onramp decides when to close (it may still write its answers)
                    end(null);
                } else {
                    socket.registerReadInterest();
                    break;
                }
            }
        } finally {
            reading = null;
        }
        return closed.get() ? SocketState.CLOSED : SocketState.ASYNC_IO;
    }

    /** Tells Onramp once that no more bytes come: null for the peer's FIN, else the failure. */
    private void end(Throwable failure) {
        Flow.Subscriber<? super ByteBuffer> r = reader;
        if (r == null || !ended.compareAndSet(false, true)) {
            return;
        }
        if (failure == null) {
            r.onComplete();
        } else {
            r.onError(failure);
        }
    }

    /** What Onramp holds: demand, write and close. */
    private final class Channel implements Flow.Subscription, Consumer<ByteBuffer[]>, ObjLongConsumer<ByteBuffer[]>,
            BooleanSupplier {

        /** A thread in a read dispatch may wait for its writes: they are written blocking there. */
        @Override
        public boolean getAsBoolean() {
            return true;
        }

        /** A write; inside a read dispatch a blocking one, failing after {@code timeoutMs} without progress. */
        @Override
        public void accept(ByteBuffer[] buffers, long timeoutMs) {
            if (reading != Thread.currentThread()) {
                accept(buffers);
                return;
            }
            CompletionHandler<Long, Void> done = writes;
            if (closed.get()) {
                done.failed(new IOException("connection closed"), null);
                return;
            }
            try {
                socket.setWriteTimeout(timeoutMs > 0 ? timeoutMs : INFINITE_TIMEOUT);
                for (ByteBuffer b : buffers) {
                    socket.write(true, b);
                }
                socket.flush(true);
            } catch (IOException e) {
                done.failed(e, null);
                return;
            }
            done.completed(UNCOUNTED, null);
        }

        @Override
        public void request(long n) {
            if (n <= 0 || closed.get() || ended.get()) {
                return;
            }
            demanded = true;
            if (reading != Thread.currentThread()) {
                // a read dispatch: it reads what Tomcat has buffered, then asks the poller if nothing is there
                socket.processSocket(SocketEvent.OPEN_READ, true);
            }
        }

        @Override
        public void accept(ByteBuffer[] buffers) {
            CompletionHandler<Long, Void> done = writes;
            if (closed.get()) {
                done.failed(new IOException("connection closed"), null);
                return;
            }
            SocketWrapperBase.CompletionState state = socket.write(BlockingMode.NON_BLOCK, -1, TimeUnit.MILLISECONDS,
                    null, SocketWrapperBase.COMPLETE_WRITE_WITH_COMPLETION, done, buffers);
            if (state == SocketWrapperBase.CompletionState.NOT_DONE) {
                // the socket had a write in progress, which the contract rules out: nothing was written
                done.failed(new IllegalStateException("a write is already outstanding"), null);
            }
        }

        @Override
        public void cancel() {
            close();
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            socket.close();
        }
    }

    // ------------------------------------------------ the servlet view, unused on this path

    @Override
    public ServletInputStream getInputStream() {
        return null;
    }

    @Override
    public ServletOutputStream getOutputStream() {
        return null;
    }

    @Override
    public void setSslSupport(SSLSupport sslSupport) {
        // Onramp learned whether the connection is secure from the handshake request
    }

    @Override
    public void pause() {
        // nothing to pause: reads stop when Onramp stops asking
    }

    @Override
    protected Log getLog() {
        return log;
    }
}
