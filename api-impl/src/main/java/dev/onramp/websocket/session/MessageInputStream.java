package dev.onramp.websocket.session;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * The {@code InputStream} (or, wrapped, the {@code Reader}) a streaming handler reads while its message is still
 * arriving. It holds one piece at a time: reading of the connection stays paused until the handler has consumed
 * the piece, so a slow reader slows the peer instead of filling memory.
 */
final class MessageInputStream extends InputStream {

    private final Runnable resumeInput;
    private ByteBuffer piece;
    private boolean lastPiece;
    private boolean ended;
    private boolean handlerDone;
    private boolean resumeOnReturn;
    private IOException failure;

    /** @param resumeInput continues reading the connection; called without locks once a piece is used up */
    MessageInputStream(Runnable resumeInput) {
        this.resumeInput = resumeInput;
    }

    /**
     * Hands over the next piece. Returns true if the stream keeps it (input resumes once it is consumed), false
     * if the handler has already returned and the piece was dropped (the caller continues reading at once).
     */
    synchronized boolean offer(ByteBuffer next, boolean last) {
        if (handlerDone) {
            return false;
        }
        piece = next;
        lastPiece = last;
        notifyAll();
        return true;
    }

    /** The handler returned: drop what it did not read. */
    void handlerReturned() {
        boolean resume;
        synchronized (this) {
            handlerDone = true;
            resume = piece != null || resumeOnReturn;
            piece = null;
            resumeOnReturn = false;
            notifyAll();
        }
        if (resume) {
            resumeInput.run();
        }
    }

    /** The session ended before the message did: a blocked reader wakes with the cause. */
    synchronized void fail(IOException cause) {
        if (!ended) {
            failure = cause;
            notifyAll();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (true) {
            int n = 0;
            boolean consumed;
            synchronized (this) {
                CallbackPool waiting = null; // the handler waits for the peer's next frame: not a busy callback
                try {
                    while (piece == null && !ended) {
                        if (failure != null) {
                            throw failure;
                        }
                        if (waiting == null) {
                            waiting = CallbackPool.enterBlocking();
                        }
                        try {
                            wait();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new java.io.InterruptedIOException("interrupted while reading a message");
                        }
                    }
                } finally {
                    CallbackPool.exitBlocking(waiting);
                }
                if (piece == null) {
                    return -1;
                }
                n = Math.min(len, piece.remaining());
                piece.get(b, off, n);
                consumed = !piece.hasRemaining();
                if (consumed) {
                    piece = null;
                    ended = lastPiece;
                }
            }
            if (consumed && !ended) {
                resumeInput.run();
            } else if (consumed) {
                // the message is complete: reading resumes when the handler returns (handlerReturned)
                synchronized (this) {
                    resumeOnReturn = true;
                }
            }
            if (n > 0) {
                return n;
            }
        }
    }

    @Override
    public synchronized int available() {
        return piece == null ? 0 : piece.remaining();
    }
}
