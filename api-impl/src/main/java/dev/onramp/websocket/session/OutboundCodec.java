package dev.onramp.websocket.session;

import dev.onramp.websocket.protocol.ExtensionCodec;
import dev.onramp.websocket.protocol.FrameWriter;
import dev.onramp.websocket.protocol.Opcode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Data frames through the negotiated extension's codec (permessage-deflate) on their way to the
 * {@link OutboundQueue}: RSV bits on a message's first frame, the payload encoded, and the frame queued in the
 * order it was encoded, since a codec with context (deflate's sliding window) must see the frames in wire order.
 */
final class OutboundCodec {
    private final ExtensionCodec codec;
    private final FrameWriter writer;
    private final OutboundQueue queue;
    /** The RSV bits of the data message being sent (guarded by this). */
    private int messageRsv;

    private OutboundCodec(ExtensionCodec codec, FrameWriter writer, OutboundQueue queue) {
        this.codec = codec;
        this.writer = writer;
        this.queue = queue;
    }

    /** For the session's codecs (the first one transforms outbound messages), or null when there are none. */
    static OutboundCodec of(List<ExtensionCodec> codecs, FrameWriter writer, OutboundQueue queue) {
        return codecs.isEmpty() ? null : new OutboundCodec(codecs.get(0), writer, queue);
    }

    /**
     * Encodes and queues one data frame. The lock spans encoding and queueing; a blocking send that waits for
     * room in the queue keeps other data senders waiting here, as they would wait for the room anyway. Control
     * frames never come here.
     */
    synchronized void enqueue(int opcode, boolean fin, ByteBuffer payload, long timeoutMs,
            OutboundQueue.Completion done, long waitNanos) {
        ByteBuffer[] frame;
        try {
            if (opcode != Opcode.CONTINUATION) {
                messageRsv = codec.startOutbound(opcode);
            }
            ByteBuffer wire = messageRsv == 0 ? payload : encode(payload, fin);
            frame = writer.frame(opcode, fin, opcode == Opcode.CONTINUATION ? 0 : messageRsv, wire);
        } catch (IllegalStateException e) {
            done.failed(new IOException("the session is closed: no more messages can be sent", e));
            return;
        }
        RefusalWatch watch = new RefusalWatch(done);
        queue.enqueue(new OutboundQueue.Frame(frame, false, timeoutMs, watch), waitNanos);
        if (watch.refused) {
            codec.outboundDropped(); // the peer never sees this frame: later ones must not refer to it
        }
        watch.enqueued = true;
    }

    /** The wire payload of one frame: all the codec makes of the payload, in a buffer the frame owns. */
    private ByteBuffer encode(ByteBuffer payload, boolean fin) {
        ByteBuffer in = payload.duplicate(); // the application's buffer keeps its position
        ByteBuffer wire = null;
        while (true) {
            ByteBuffer piece = codec.encode(in, fin);
            if (!piece.hasRemaining() && !in.hasRemaining()) {
                return wire == null ? ByteBuffer.allocate(0) : wire.flip();
            }
            if (wire == null) {
                wire = ByteBuffer.allocate(piece.remaining()); // deflate gives all in one piece: one exact copy
            } else if (wire.remaining() < piece.remaining()) {
                ByteBuffer bigger = ByteBuffer.allocate(wire.position() + piece.remaining());
                bigger.put(wire.flip());
                wire = bigger;
            }
            wire.put(piece);
        }
    }

    /** Notices a frame the queue refuses at once (inside enqueue), as opposed to a write that fails later. */
    private static final class RefusalWatch implements OutboundQueue.Completion {
        private final OutboundQueue.Completion done;
        volatile boolean enqueued;
        boolean refused;

        RefusalWatch(OutboundQueue.Completion done) {
            this.done = done;
        }

        @Override
        public void succeeded() {
            done.succeeded();
        }

        @Override
        public void failed(Throwable cause) {
            if (!enqueued) {
                refused = true;
            }
            done.failed(cause);
        }
    }
}
