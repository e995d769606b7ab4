package dev.onramp.websocket.session;

import dev.onramp.websocket.protocol.Opcode;
import jakarta.websocket.EncodeException;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.util.concurrent.Future;

/** The two faces of a session's outbound side, {@link Basic} (blocking) and {@link Async}, over one {@link MessageSender}. */
abstract class OnrampRemoteEndpoint implements RemoteEndpoint {

    final MessageSender sender;
    final Encoders encoders;
    final ApplicationCallbacks callbacks;

    OnrampRemoteEndpoint(MessageSender sender, Encoders encoders, ApplicationCallbacks callbacks) {
        this.sender = sender;
        this.encoders = encoders;
        this.callbacks = callbacks;
    }

    @Override
    public void setBatchingAllowed(boolean allowed) throws IOException {
        boolean was = getBatchingAllowed();
        sender.setBatching(allowed);
        if (was && !allowed) {
            sender.flushBatch();
        }
    }

    @Override
    public boolean getBatchingAllowed() {
        return sender.batching();
    }

    @Override
    public void flushBatch() throws IOException {
        sender.flushBatch();
    }

    @Override
    public void sendPing(ByteBuffer applicationData) throws IOException {
        sender.sendControlBlocking(Opcode.PING, control(applicationData));
    }

    @Override
    public void sendPong(ByteBuffer applicationData) throws IOException {
        sender.sendControlBlocking(Opcode.PONG, control(applicationData));
    }

    private static ByteBuffer control(ByteBuffer data) {
        if (data == null) {
            return ByteBuffer.allocate(0);
        }
        if (data.remaining() > 125) {
            throw new IllegalArgumentException("ping and pong payloads are at most 125 bytes, not " + data.remaining());
        }
        return data;
    }

    static <T> T notNull(T value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        return value;
    }

    /** Blocking sends: each returns when the frame was handed to the network, or throws. */
    static final class Basic extends OnrampRemoteEndpoint implements RemoteEndpoint.Basic {

        Basic(MessageSender sender, Encoders encoders, ApplicationCallbacks callbacks) {
            super(sender, encoders, callbacks);
        }

        @Override
        public void sendText(String text) throws IOException {
            sender.sendTextBlocking(notNull(text, "text"));
        }

        @Override
        public void sendBinary(ByteBuffer data) throws IOException {
            sender.sendBlocking(Opcode.BINARY, notNull(data, "data"));
        }

        @Override
        public void sendText(String partialMessage, boolean isLast) throws IOException {
            sender.sendPartialBlocking(Opcode.TEXT, MessageSender.utf8(notNull(partialMessage, "partial message")), isLast);
        }

        @Override
        public void sendBinary(ByteBuffer partialByte, boolean isLast) throws IOException {
            sender.sendPartialBlocking(Opcode.BINARY, notNull(partialByte, "partial message"), isLast);
        }

        @Override
        public OutputStream getSendStream() {
            return new SendStreams.BinaryStream(sender);
        }

        @Override
        public Writer getSendWriter() {
            return new SendStreams.TextWriter(sender);
        }

        @Override
        public void sendObject(Object data) throws IOException, EncodeException {
            Object message = encoders.encode(notNull(data, "object"));
            if (message instanceof String text) {
                sender.sendTextBlocking(text);
            } else {
                sender.sendBlocking(Opcode.BINARY, (ByteBuffer) message);
            }
        }

        /** {@link #sendObject} for a handler's return value: see {@link Replies}. */
        void sendReply(Object data) throws IOException, EncodeException {
            Object message = encoders.encode(notNull(data, "object"));
            if (message instanceof String text) {
                sender.sendTextReply(text);
            } else {
                sender.sendReply(Opcode.BINARY, (ByteBuffer) message);
            }
        }
    }

    /** Asynchronous sends: each returns at once; its Future or SendHandler completes exactly once. */
    static final class Async extends OnrampRemoteEndpoint implements RemoteEndpoint.Async {

        private volatile long sendTimeout;

        Async(MessageSender sender, Encoders encoders, ApplicationCallbacks callbacks, long sendTimeout) {
            super(sender, encoders, callbacks);
            this.sendTimeout = sendTimeout;
        }

        @Override
        public long getSendTimeout() {
            return sendTimeout;
        }

        @Override
        public void setSendTimeout(long timeoutmillis) {
            sendTimeout = timeoutmillis;
        }

        @Override
        public void sendText(String text, SendHandler handler) {
            notNull(handler, "send handler");
            sender.sendAsync(Opcode.TEXT, MessageSender.utf8(notNull(text, "text")), sendTimeout,
                    callbacks.sendResult(handler));
        }

        @Override
        public Future<Void> sendText(String text) {
            return sender.sendAsync(Opcode.TEXT, MessageSender.utf8(notNull(text, "text")), sendTimeout);
        }

        @Override
        public Future<Void> sendBinary(ByteBuffer data) {
            return sender.sendAsync(Opcode.BINARY, notNull(data, "data"), sendTimeout);
        }

        @Override
        public void sendBinary(ByteBuffer data, SendHandler handler) {
            notNull(handler, "send handler");
            sender.sendAsync(Opcode.BINARY, notNull(data, "data"), sendTimeout, callbacks.sendResult(handler));
        }

        @Override
        public Future<Void> sendObject(Object data) {
            notNull(data, "object");
            SendFuture failed = new SendFuture();
            try {
                Object message = encoders.encode(data);
                if (message instanceof String text) {
                    return sender.sendAsync(Opcode.TEXT, MessageSender.utf8(text), sendTimeout);
                }
                return sender.sendAsync(Opcode.BINARY, (ByteBuffer) message, sendTimeout);
            } catch (EncodeException | IOException e) {
                failed.failed(e);
                return failed;
            }
        }

        @Override
        public void sendObject(Object data, SendHandler handler) {
            notNull(handler, "send handler");
            notNull(data, "object");
            Object message;
            try {
                message = encoders.encode(data);
            } catch (EncodeException | IOException e) {
                callbacks.report(handler, new SendResult(e));
                return;
            }
            if (message instanceof String text) {
                sender.sendAsync(Opcode.TEXT, MessageSender.utf8(text), sendTimeout, callbacks.sendResult(handler));
            } else {
                sender.sendAsync(Opcode.BINARY, (ByteBuffer) message, sendTimeout, callbacks.sendResult(handler));
            }
        }
    }
}
