package dev.onramp.websocket.session;

import dev.onramp.websocket.protocol.FrameWriter;
import dev.onramp.websocket.protocol.Opcode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns one session's sends into frames on its {@link OutboundQueue}: whole and partial messages, control frames,
 * blocking and asynchronous completion. Sends from several threads keep the order of their calls; a whole message
 * while a partial one is unfinished is the misuse the specification forbids and fails with
 * {@link IllegalStateException}, never with an interleaved frame.
 */
final class MessageSender {

    private static final int NO_PARTIAL = -1;
    /**
     * How many queued bytes a reply ({@link #sendReply}) may join without waiting for its write: enough for the
     * answers to one read of small messages, small enough that a peer that stops reading holds little.
     */
    static final int REPLY_WINDOW = 64 * 1024;

    private final FrameWriter writer;
    private final OutboundQueue queue;
    /** The opcode of the partial message being sent, or NO_PARTIAL. */
    private final AtomicInteger partial = new AtomicInteger(NO_PARTIAL);
    /** Encodes and queues data frames when an extension transforms them (permessage-deflate), else null. */
    private final OutboundCodec codec;
    private final SessionSettings settings;
    /** Whether output is still open, and who gives up on the connection when a blocking send times out. */
    private final CloseLifecycle lifecycle;
    private final IdleTimer idle;
    /** Small blocking whole messages go out from here without allocating; null when a codec transforms frames. */
    private final BlockingSendSlot slot;

    MessageSender(FrameWriter writer, OutboundQueue queue, OutboundCodec codec, SessionSettings settings,
            CloseLifecycle lifecycle, IdleTimer idle) {
        this.writer = writer;
        this.queue = queue;
        this.codec = codec;
        this.settings = settings;
        this.lifecycle = lifecycle;
        this.idle = idle;
        this.slot = codec == null ? new BlockingSendSlot(writer) : null;
    }

    static ByteBuffer utf8(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    // ---- blocking

    void sendBlocking(int opcode, ByteBuffer payload) throws IOException {
        if (slot != null && payload != null && payload.remaining() <= BlockingSendSlot.MAX_PAYLOAD && slot.tryTake()) {
            sendFromSlot(slot.whole(opcode, payload), false);
            return;
        }
        SendFuture done = new SendFuture();
        long timeoutMs = settings.blockingSendTimeoutMs();
        enqueueWhole(opcode, payload, done, timeoutMs, 0);
        awaitBlocking(done, timeoutMs);
    }

    /** A whole text message, blocking; a small one is encoded straight into the session's {@link BlockingSendSlot}. */
    void sendTextBlocking(String text) throws IOException {
        OutboundQueue.Frame frame = textInSlot(text);
        if (frame != null) {
            sendFromSlot(frame, false);
            return;
        }
        sendBlocking(Opcode.TEXT, utf8(text));
    }

    /** The slot's frame of {@code text}, the slot taken; null when it is busy or retired or the text too long. */
    private OutboundQueue.Frame textInSlot(String text) {
        if (slot == null || text.length() > BlockingSendSlot.MAX_PAYLOAD || !slot.tryTake()) {
            return null;
        }
        OutboundQueue.Frame frame = slot.text(text);
        if (frame == null) {
            slot.release(); // longer than the slot in UTF-8
        }
        return frame;
    }

    /**
     * Sends the slot's frame and waits as {@link #sendBlocking} does; gives the slot back when the frame was written
     * (or never queued), retires it otherwise: a frame that timed out or failed may still be in the transport's hands.
     * A {@code reply} that fits in the reply window is queued without waiting, and its completion gives the slot back.
     */
    private void sendFromSlot(OutboundQueue.Frame frame, boolean reply) throws IOException {
        boolean reusable = false;
        boolean handedOff = false;
        try {
            if (partial.get() != NO_PARTIAL || !lifecycle.outputOpen()) {
                reusable = true;
                refuseInsidePartial();
                throw new IOException("the session is closed: no more messages can be sent");
            }
            idle.touch();
            if (reply) {
                slot.reply(true);
                if (queue.offerReply(frame, REPLY_WINDOW)) {
                    handedOff = true;
                    return;
                }
                slot.reply(false);
            }
            long timeoutMs = settings.blockingSendTimeoutMs();
            queue.enqueue(frame, timeoutMs * 1_000_000L);
            awaitBlocking(slot.completion(), timeoutMs);
            reusable = true;
        } finally {
            if (handedOff) {
                // the frame's completion gives the slot back, or retires it
            } else if (reusable) {
                slot.release();
            } else {
                slot.retire();
            }
        }
    }

    void sendPartialBlocking(int opcode, ByteBuffer payload, boolean last) throws IOException {
        SendFuture done = new SendFuture();
        long timeoutMs = settings.blockingSendTimeoutMs();
        enqueuePartial(opcode, payload, last, done, timeoutMs);
        awaitBlocking(done, timeoutMs);
    }

    void sendControlBlocking(int opcode, ByteBuffer payload) throws IOException {
        SendFuture done = new SendFuture();
        enqueueControl(opcode, payload, done);
        awaitBlocking(done, settings.blockingSendTimeoutMs());
    }

    private void awaitBlocking(SendFuture done, long timeoutMs) throws IOException {
        try {
            done.await(timeoutMs);
        } catch (java.io.InterruptedIOException e) {
            // timed out (a SocketTimeoutException), or interrupted (by the application, or by the callback pool at
            // its ceiling) while the message is queued or partly on the wire: the connection cannot carry another
            // frame correctly, and a message its sender was told failed must not reach the peer later, so the
            // connection is dropped (as an interrupted InterruptibleChannel is closed)
            lifecycle.abort(e);
            throw e;
        }
    }

    /**
     * Sends an answer to the message being delivered (an {@code @OnMessage} method's return value) as a blocking send
     * does, except that it does not wait for its write while the queue holds less than {@link #REPLY_WINDOW}: the
     * handler returns and the next message of the same read is delivered; a read thread that {@link
     * OutboundQueue#hold holds} the queue writes the answers to one read together. The payload is taken (copied) before
     * this returns, so the application may reuse it as after a blocking send; a small one goes into the session's
     * {@link BlockingSendSlot} when it is free. A write that fails later fails the connection, which the application
     * sees in {@code onError} and {@code onClose}, as for any write.
     */
    void sendReply(int opcode, ByteBuffer payload) throws IOException {
        if (payload == null) {
            throw new IllegalArgumentException("message must not be null");
        }
        if (codec != null || payload.remaining() > REPLY_WINDOW) {
            // compressed frames are encoded in order by the codec (no window there); a larger answer would wait anyway
            sendBlocking(opcode, payload);
            return;
        }
        if (slot != null && payload.remaining() <= BlockingSendSlot.MAX_PAYLOAD && slot.tryTake()) {
            sendFromSlot(slot.whole(opcode, payload), true);
            return;
        }
        ByteBuffer copy = ByteBuffer.allocate(payload.remaining());
        copy.put(payload.duplicate()).flip();
        reply(opcode, copy);
    }

    /** {@link #sendReply} of a text answer, encoded straight into the slot when it is free and the text small. */
    void sendTextReply(String text) throws IOException {
        OutboundQueue.Frame frame = textInSlot(text);
        if (frame != null) {
            sendFromSlot(frame, true);
            return;
        }
        ByteBuffer bytes = utf8(text); // the sender's own array: no copy needed
        if (codec != null || bytes.remaining() > REPLY_WINDOW) {
            sendBlocking(Opcode.TEXT, bytes);
        } else {
            reply(Opcode.TEXT, bytes);
        }
    }

    /** Queues a reply whose payload nobody else holds, without waiting when it fits in the window. */
    private void reply(int opcode, ByteBuffer payload) throws IOException {
        refuseInsidePartial();
        if (!lifecycle.outputOpen()) {
            throw new IOException("the session is closed: no more messages can be sent");
        }
        idle.touch();
        long timeoutMs = settings.blockingSendTimeoutMs();
        ByteBuffer[] frame = writer.frame(opcode, true, 0, payload);
        if (queue.offerReply(new OutboundQueue.Frame(frame, false, timeoutMs, NOTHING), REPLY_WINDOW)) {
            return;
        }
        SendFuture done = new SendFuture();
        queue.enqueue(new OutboundQueue.Frame(frame, false, timeoutMs, done), timeoutMs * 1_000_000L);
        awaitBlocking(done, timeoutMs);
    }

    // ---- asynchronous

    Future<Void> sendAsync(int opcode, ByteBuffer payload, long sendTimeoutMs) {
        SendFuture done = new SendFuture();
        enqueueWhole(opcode, payload, done, 0, sendTimeoutMs);
        return done;
    }

    /** An asynchronous send that reports to {@code done} (e.g. the application's SendHandler). */
    void sendAsync(int opcode, ByteBuffer payload, long sendTimeoutMs, OutboundQueue.Completion done) {
        enqueueWhole(opcode, payload, done, 0, sendTimeoutMs);
    }

    // ---- frames

    private void enqueueWhole(int opcode, ByteBuffer payload, OutboundQueue.Completion done, long waitMs, long timeoutMs) {
        if (payload == null) {
            throw new IllegalArgumentException("message must not be null");
        }
        refuseInsidePartial();
        enqueue(opcode, true, payload, false, done, waitMs, timeoutMs);
    }

    /** A whole message while a partial one is unfinished is the misuse the specification forbids. */
    private void refuseInsidePartial() {
        int opcode = partial.get();
        if (opcode != NO_PARTIAL) {
            throw new IllegalStateException("a partial " + Opcode.name(opcode)
                    + " message is being sent: finish it (last = true) before sending another message");
        }
    }

    private void enqueuePartial(int opcode, ByteBuffer payload, boolean last, OutboundQueue.Completion done, long waitMs) {
        if (payload == null) {
            throw new IllegalArgumentException("message part must not be null");
        }
        int frameOpcode;
        if (partial.compareAndSet(NO_PARTIAL, last ? NO_PARTIAL : opcode)) {
            frameOpcode = opcode;
        } else if (partial.get() == opcode) {
            frameOpcode = Opcode.CONTINUATION;
            if (last) {
                partial.set(NO_PARTIAL);
            }
        } else {
            throw new IllegalStateException("a partial " + Opcode.name(partial.get())
                    + " message is being sent: a " + Opcode.name(opcode) + " part cannot join it");
        }
        enqueue(frameOpcode, last, payload, false, done, waitMs, 0);
    }

    void enqueueControl(int opcode, ByteBuffer payload, OutboundQueue.Completion done) {
        if (payload != null && payload.remaining() > 125) {
            throw new IllegalArgumentException("a control frame payload is at most 125 bytes, not " + payload.remaining());
        }
        enqueue(opcode, true, payload == null ? ByteBuffer.allocate(0) : payload, true, done, 0, 0);
    }

    /** The answer to a ping, sent from the read path; a newer answer replaces it while it waits (never blocks). */
    void enqueueAutomaticPong(ByteBuffer payload) {
        if (!lifecycle.outputOpen()) {
            return;
        }
        ByteBuffer[] frame = writer.frame(Opcode.PONG, true, 0, payload);
        queue.enqueue(OutboundQueue.Frame.automaticPong(frame, NOTHING), 0);
    }

    private static final OutboundQueue.Completion NOTHING = new OutboundQueue.Completion() {
        @Override
        public void succeeded() {
        }

        @Override
        public void failed(Throwable cause) {
        }
    };

    private void enqueue(int opcode, boolean fin, ByteBuffer payload, boolean control, OutboundQueue.Completion done,
            long waitMs, long timeoutMs) {
        if (!lifecycle.outputOpen()) {
            done.failed(new IOException("the session is closed: no more messages can be sent"));
            return;
        }
        idle.touch();
        if (codec != null && !control) {
            codec.enqueue(opcode, fin, payload, timeoutMs, done, waitMs * 1_000_000L);
            return;
        }
        ByteBuffer[] frame = writer.frame(opcode, fin, 0, payload);
        queue.enqueue(new OutboundQueue.Frame(frame, control, timeoutMs, done), waitMs * 1_000_000L);
    }

    /** While batching, frames are handed to the transport without a flush until {@link #flushBatch}. */
    void setBatching(boolean batching) {
        queue.setBatching(batching);
    }

    boolean batching() {
        return queue.isBatching();
    }

    /** Hands batched frames to the network now. */
    void flushBatch() throws IOException {
        SendFuture done = new SendFuture();
        queue.enqueue(new OutboundQueue.Frame(new ByteBuffer[0], false, 0, done), 0);
        awaitBlocking(done, settings.blockingSendTimeoutMs());
    }
}
