package dev.onramp.websocket.session;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code Future} of an asynchronous send, also used internally to wait for a blocking one. Completes exactly
 * once; cancelling a send that was already queued is not possible (its bytes may be on the wire), so
 * {@link #cancel} returns false.
 */
final class SendFuture implements Future<Void>, OutboundQueue.Completion {

    private boolean done;
    private Throwable failure;

    @Override
    public synchronized void succeeded() {
        if (!done) {
            done = true;
            notifyAll();
        }
    }

    @Override
    public synchronized void failed(Throwable cause) {
        if (!done) {
            done = true;
            failure = cause;
            notifyAll();
        }
    }

    /**
     * Makes a completed future pending again, for a {@link BlockingSendSlot} that reuses it for its next send: only
     * after the previous send succeeded (its frame's completion ran, once, and nothing else holds the future).
     */
    synchronized void reset() {
        done = false;
        failure = null;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return false;
    }

    @Override
    public boolean isCancelled() {
        return false;
    }

    @Override
    public synchronized boolean isDone() {
        return done;
    }

    @Override
    public synchronized Void get() throws InterruptedException, ExecutionException {
        if (!done) {
            CallbackPool waiting = CallbackPool.enterBlocking();
            try {
                while (!done) {
                    wait();
                }
            } finally {
                CallbackPool.exitBlocking(waiting);
            }
        }
        return result();
    }

    @Override
    public synchronized Void get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException,
            TimeoutException {
        if (!done) {
            long deadline = System.nanoTime() + unit.toNanos(timeout);
            CallbackPool waiting = CallbackPool.enterBlocking(); // a blocking send waiting for a slow peer
            try {
                while (!done) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new TimeoutException("send not complete after " + timeout + " " + unit);
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            } finally {
                CallbackPool.exitBlocking(waiting);
            }
        }
        return result();
    }

    private Void result() throws ExecutionException {
        if (failure != null) {
            throw new ExecutionException(failure);
        }
        return null;
    }

    /**
     * Waits for a blocking send. Returns normally on success; throws the failure as an IOException, or a
     * SocketTimeoutException after {@code timeoutMs} (the caller then gives up on the connection).
     */
    void await(long timeoutMs) throws IOException {
        try {
            get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new SocketTimeoutException("blocking send did not complete within " + timeoutMs
                    + " ms: the peer is not reading");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw new IOException(io.getMessage(), io);
            }
            throw new IOException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while sending");
        } catch (CancellationException e) {
            throw new IOException(e);
        }
    }
}
