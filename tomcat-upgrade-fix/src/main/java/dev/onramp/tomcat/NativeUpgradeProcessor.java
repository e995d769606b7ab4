package dev.onramp.tomcat;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import org.apache.coyote.UpgradeToken;
import org.apache.coyote.http11.upgrade.UpgradeGroupInfo;
import org.apache.coyote.http11.upgrade.UpgradeInfo;
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
import java.util.function.IntSupplier;

/**
 * The processor of a connection that Onramp took over with Tomcat's own I/O, the way Tomcat's WebSocket runs its
 * connections: reads happen in Tomcat's read dispatches of this socket (one at a time, under the socket's lock),
 * writes go straight to the socket wrapper's non-blocking gathering write, whose completion Tomcat's poller drives
 * without a dispatch of this processor. No servlet stream and no listener is involved.
 *
 * <p>Onramp may run message handlers inside a read dispatch, and a handler's blocking send then waits there for its
 * write. Every write is non-blocking, from whichever thread: the calling thread never blocks in the socket (an
 * asynchronous send stays asynchronous, and a close from any thread fails an outstanding write at once). A write the
 * socket cannot take at once is continued by the poller on a thread of the connector's executor, without a dispatch
 * of this processor and without the socket's lock, so a read dispatch waiting for it does not hold it up; what it
 * needs is one free executor thread. The channel reports the executor's size ({@link IntSupplier}) and Onramp runs
 * handlers on at most half of its threads at once, so such a thread is always left.
 *
 * <p>Like every upgraded connection of Tomcat's, it counts its bytes in the protocol's upgrade statistics (the
 * {@code UpgradeGroupInfo} of its upgrade protocol, {@code websocket}, which Tomcat shows over JMX): the bytes read
 * from and written to the socket, frames included, as Tomcat counts them for a servlet upgrade. Messages are not
 * counted here (the frames are Onramp's). The statistics leave the group when the connection ends, their counts
 * going to the group's totals.
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

    private final SocketWrapperBase<?> socket;
    /** The most threads of the connector's executor, or 0 and less when unknown or unbounded. */
    private final int workerThreads;
    private final Channel channel = new Channel();
    private volatile Flow.Subscriber<? super ByteBuffer> reader;
    private volatile CompletionHandler<Long, Void> writes;
    /** This connection's entry in the protocol's upgrade statistics. */
    private final UpgradeInfo statistics = new UpgradeInfo();
    private final AtomicBoolean leftStatistics = new AtomicBoolean();
    /** Onramp's write completions, after the bytes written are counted. */
    private final CountedWrites countedWrites = new CountedWrites();

    /** Onramp asked for bytes and has not had them yet. */
    private volatile boolean demanded;
    /**
     * The thread in this connection's read dispatch, if any: a demand from it needs no new dispatch, and a demand from
     * another thread meanwhile is left to it (it looks again before it leaves), since a new dispatch would take a
     * second executor thread only to wait for the socket's lock for as long as this one runs (an application's
     * message handler waiting in it, say).
     */
    private volatile Thread reading;
    /**
     * Tomcat dispatches once on the upgrading thread right after the handler's {@code init} (which may already
     * demand): until that dispatch runs, a demand is left to it, for the same reason.
     */
    private volatile boolean dispatchOwed = true;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Allocated at the first read, so an idle connection holds none; touched only in read dispatches. */
    private ByteBuffer buffer;

    /**
     * @param workerThreads the most threads of the executor that runs this connector's dispatches and write
     *     continuations, or 0 and less when unknown or unbounded
     */
    NativeUpgradeProcessor(SocketWrapperBase<?> socket, UpgradeToken upgradeToken, int workerThreads) {
        super(upgradeToken);
        this.socket = socket;
        this.workerThreads = workerThreads;
        // Onramp keeps its own timeouts (idle, send, close handshake)
        socket.setReadTimeout(INFINITE_TIMEOUT);
        socket.setWriteTimeout(INFINITE_TIMEOUT);
    }

    /**
     * Counts this connection in the protocol's statistics of the connections upgraded to its protocol; called once
     * Onramp took the connection (a processor it declined is dropped and must not stay in the group).
     */
    void countIn(UpgradeGroupInfo group) {
        if (group != null && !leftStatistics.get()) {
            statistics.setGroupInfo(group);
        }
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
        SocketState state = dispatchEvent(status);
        if (state == SocketState.CLOSED) {
            leaveStatistics(); // Tomcat drops this processor and closes the socket
        }
        return state;
    }

    private SocketState dispatchEvent(SocketEvent status) {
        switch (status) {
            case OPEN_READ:
            case OPEN_WRITE:
                // writes complete through their operation, not here; a demand left to this dispatch is served
                return readWhileDemanded();
            case STOP:
                dispatchOwed = false;
                end(new IOException("the connector is stopping"));
                return SocketState.CLOSED;
            default:
                // DISCONNECT, ERROR, TIMEOUT, CONNECT_FAIL
                dispatchOwed = false;
                IOException error = socket.getError();
                end(error != null ? error : new IOException("the connection ended (" + status + ")"));
                return SocketState.CLOSED;
        }
    }

    /** Reads and hands over as long as Onramp asks; then waits for the poller or for Onramp's next demand. */
    private SocketState readWhileDemanded() {
        Thread me = Thread.currentThread();
        while (true) {
            Read outcome;
            reading = me;
            dispatchOwed = false;
            try {
                outcome = read();
            } finally {
                reading = null;
            }
            if (outcome == Read.FAILED) {
                return SocketState.CLOSED;
            }
            // a demand made on another thread while this ran was left to this dispatch (see Channel.request): it
            // wrote demanded before it looked at reading, this cleared reading before it looks at demanded
            if (outcome == Read.POLLER_HAS_THE_DEMAND || !demanded || closed.get() || ended.get()) {
                return closed.get() ? SocketState.CLOSED : SocketState.ASYNC_IO;
            }
        }
    }

    /** How a run of {@link #read} ended. */
    private enum Read { UNDEMANDED, POLLER_HAS_THE_DEMAND, FAILED }

    private Read read() {
        while (demanded && !closed.get() && !ended.get()) {
            int n;
            try {
                if (buffer == null) {
                    if (!socket.isReadyForRead()) {
                        // nothing came yet: a connection that never receives never takes a buffer
                        socket.registerReadInterest();
                        return Read.POLLER_HAS_THE_DEMAND;
                    }
                    buffer = ByteBuffer.allocate(READ_BUFFER_SIZE);
                }
                buffer.clear();
                n = socket.read(false, buffer);
            } catch (EOFException e) {
                n = -1; // how Tomcat's non-blocking read reports the peer's FIN
            } catch (IOException e) {
                end(e);
                return Read.FAILED;
            }
            if (n > 0) {
                statistics.addBytesReceived(n);
                buffer.flip();
                demanded = false;
                reader.onNext(buffer); // may demand again on this thread: the loop goes on
            } else if (n < 0) {
                // the peer's FIN: Onramp decides when to close (it may still write its answers)
                end(null);
            } else {
                socket.registerReadInterest();
                return Read.POLLER_HAS_THE_DEMAND;
            }
        }
        return Read.UNDEMANDED;
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

    /**
     * What Onramp holds: demand, write and close; and the two optional answers of the contract: a thread in a read
     * dispatch may wait for a write (its continuation needs neither that thread nor the socket's lock, only a free
     * executor thread), and the executor's size, so that Onramp leaves such threads free.
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
            if (n <= 0 || closed.get() || ended.get()) {
                return;
            }
            demanded = true;
            if (reading == null && !dispatchOwed) {
                // a read dispatch: it reads what Tomcat has buffered, then asks the poller if nothing is there.
                // Otherwise a dispatch runs (on this thread or another) or is about to, and looks at the demand
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
                    null, SocketWrapperBase.COMPLETE_WRITE_WITH_COMPLETION, countedWrites, buffers);
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

    /** Counts what a write completed with (Tomcat's total for the whole gathering write), then tells Onramp. */
    private final class CountedWrites implements CompletionHandler<Long, Void> {
        @Override
        public void completed(Long bytes, Void attachment) {
            if (bytes != null) {
                statistics.addBytesSent(bytes);
            }
            writes.completed(bytes, attachment);
        }

        @Override
        public void failed(Throwable cause, Void attachment) {
            writes.failed(cause, attachment);
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            socket.close(); // Tomcat releases the socket: the statistics are left there (or at the dispatch's end)
        }
    }

    /**
     * Takes this connection out of the protocol's statistics (its counts go to the group's totals): when a dispatch
     * ends with the socket closed, and when Tomcat releases the socket between dispatches, however it closed. Once
     * (both may run, on two threads): a second removal would add the counts to the totals twice.
     */
    void leaveStatistics() {
        if (leftStatistics.compareAndSet(false, true)) {
            statistics.setGroupInfo(null);
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
