package dev.onramp.websocket.session;

import dev.onramp.websocket.protocol.Opcode;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;

/**
 * {@code getSendStream()} and {@code getSendWriter()}: a message written piece by piece, sent as fragments of
 * one message (a fragment whenever the buffer fills, the final one on {@code close()}).
 */
final class SendStreams {

    static final int FRAGMENT_SIZE = 16 * 1024;

    private SendStreams() {
    }

    /** The binary message of {@code getSendStream()}. */
    static final class BinaryStream extends OutputStream {
        private final MessageSender sender;
        private final byte[] buffer = new byte[FRAGMENT_SIZE];
        private int count;
        private boolean closed;

        BinaryStream(MessageSender sender) {
            this.sender = sender;
        }

        @Override
        public void write(int b) throws IOException {
            ensureOpen();
            if (count == buffer.length) {
                sendFragment(false);
            }
            buffer[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ensureOpen();
            while (len > 0) {
                if (count == buffer.length) {
                    sendFragment(false);
                }
                int n = Math.min(len, buffer.length - count);
                System.arraycopy(b, off, buffer, count, n);
                count += n;
                off += n;
                len -= n;
            }
        }

        private void sendFragment(boolean last) throws IOException {
            // the frame must own its bytes: the buffer is refilled as soon as this send returns
            byte[] copy = java.util.Arrays.copyOf(buffer, count);
            count = 0;
            sender.sendPartialBlocking(Opcode.BINARY, ByteBuffer.wrap(copy), last);
        }

        private void ensureOpen() throws IOException {
            if (closed) {
                throw new IOException("the send stream is closed");
            }
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                sendFragment(true);
            }
        }
    }

    /** The text message of {@code getSendWriter()}. */
    static final class TextWriter extends Writer {
        private final MessageSender sender;
        private final CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder();
        private final CharBuffer chars = CharBuffer.allocate(FRAGMENT_SIZE / 4);
        private final ByteBuffer bytes = ByteBuffer.allocate(FRAGMENT_SIZE);
        private boolean closed;

        TextWriter(MessageSender sender) {
            this.sender = sender;
        }

        @Override
        public void write(char[] cbuf, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("the send writer is closed");
            }
            while (len > 0) {
                int n = Math.min(len, chars.remaining());
                chars.put(cbuf, off, n);
                off += n;
                len -= n;
                if (!chars.hasRemaining()) {
                    encode(false);
                    sendFragment(false);
                }
            }
        }

        private void encode(boolean endOfInput) throws IOException {
            chars.flip();
            CoderResult result = encoder.encode(chars, bytes, endOfInput);
            if (result.isError()) {
                result.throwException();
            }
            if (endOfInput) {
                encoder.flush(bytes);
            }
            // an unpaired high surrogate at the end stays in chars for the next round
            chars.compact();
        }

        private void sendFragment(boolean last) throws IOException {
            bytes.flip();
            byte[] copy = new byte[bytes.remaining()];
            bytes.get(copy);
            bytes.clear();
            sender.sendPartialBlocking(Opcode.TEXT, ByteBuffer.wrap(copy), last);
        }

        @Override
        public void flush() {
            // fragments go out as the buffer fills; the message ends on close()
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                encode(true);
                sendFragment(true);
            }
        }
    }
}
