package dev.onramp.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;

import java.io.IOException;
import java.util.Arrays;

/**
 * Readies an upgraded connection's output stream for {@link ServletTransport}, once per connection, around the
 * defects of the containers Onramp runs in. Containers that have none get their own stream back, so the cost for them
 * is one flush per connection and nothing per write.
 *
 * <ul>
 * <li>Grizzly (Payara, GlassFish) writes the 101 response only at the first flush of the upgraded output. A WebSocket
 * server never writes first, so without a flush the client waits for the 101 forever. The flush happens before the
 * write listener is set: in blocking mode every container writes what it holds at once.</li>
 * <li>Undertow 2.3's upgraded output, in non-blocking mode, writes the whole array given to
 * {@code write(byte[], off, len)} and ignores {@code off} and {@code len} (its blocking mode is right). Its streams
 * get a wrapper that hands it arrays holding exactly the bytes to write.</li>
 * </ul>
 */
final class UpgradedOutput {

    /** The class of Undertow's upgraded output stream (Undertow 2.3, and WildFly, which embeds it). */
    static final String UNDERTOW_UPGRADED_OUTPUT = "io.undertow.servlet.spec.UpgradeServletOutputStream";

    private UpgradedOutput() {
    }

    /**
     * Flushes {@code stream} (still in blocking mode: call before setting its write listener) and returns the stream
     * to write to from now on: {@code stream} itself, or a wrapper where the container needs one.
     */
    static ServletOutputStream prepare(ServletOutputStream stream) throws IOException {
        stream.flush();
        return UNDERTOW_UPGRADED_OUTPUT.equals(stream.getClass().getName()) ? new WholeArrays(stream) : stream;
    }

    /**
     * Hands every write to the stream as an array that holds exactly its bytes (offset 0, length = array length),
     * copying where the caller's array holds more. The copy is short-lived and never kept: Undertow copies what the
     * socket did not take before it returns, and an idle connection should not hold a message-sized array.
     */
    static final class WholeArrays extends ServletOutputStream {

        private final ServletOutputStream stream;

        WholeArrays(ServletOutputStream stream) {
            this.stream = stream;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            stream.write(offset == 0 && length == bytes.length ? bytes
                    : Arrays.copyOfRange(bytes, offset, offset + length));
        }

        @Override
        public void write(int b) throws IOException {
            stream.write(b);
        }

        @Override
        public void flush() throws IOException {
            stream.flush();
        }

        @Override
        public void close() throws IOException {
            stream.close();
        }

        @Override
        public boolean isReady() {
            return stream.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            stream.setWriteListener(listener);
        }
    }
}
