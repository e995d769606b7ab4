package dev.onramp.tomcat;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import org.apache.coyote.UpgradeToken;
import org.apache.coyote.http11.upgrade.UpgradeGroupInfo;
import org.apache.coyote.http11.upgrade.UpgradeInfo;
import org.apache.coyote.http11.upgrade.UpgradeProcessorExternal;
import org.apache.tomcat.util.net.SocketWrapperBase;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;

/**
 * The processor of one connection upgraded by a web application: knows which thread runs the application's read and
 * write listeners (Tomcat runs one dispatch of a connection at a time), and after a close from any other thread asks
 * for the dispatch that lets Tomcat drop the socket. It also knows when the application left data unread in a read
 * callback ({@link #readsHeld()}), and asks for read events again once the application found no more to read.
 */
final class PromptCloseUpgradeProcessor extends UpgradeProcessorExternal {

    /** Tomcat's statistics holder of the connection (a private field of the superclass), or null if it has none. */
    private static final Field UPGRADE_INFO = upgradeInfoField();

    private final SocketWrapperBase<?> socket;
    private final ServletInputStream input;
    private final ServletOutputStream output;
    /** The thread inside one of this connection's listener callbacks, if any. */
    private volatile Thread dispatching;
    /** The last read callback returned with data still ready: no read event until the application read on. */
    private volatile boolean readsHeld;
    /** The thread inside this connection's read callback ({@code onDataAvailable}), if any. */
    private volatile Thread readDispatching;
    /** The running read callback saw isReady() false (read everything), as the Servlet API asks of a listener. */
    private volatile boolean exhausted;

    PromptCloseUpgradeProcessor(SocketWrapperBase<?> socket, UpgradeToken upgradeToken, UpgradeGroupInfo groupInfo) {
        super(socket, upgradeToken, groupInfo);
        leaveGroupAtClose(groupInfo);
        this.socket = socket;
        try {
            this.input = new TrackingInput(super.getInputStream());
            this.output = new TrackingOutput(super.getOutputStream());
        } catch (IOException e) {
            throw new IllegalStateException(e); // Tomcat's upgraded streams are plain fields: never thrown
        }
    }

    /**
     * Tomcat 11.0.15 (and every release before 11.0.25, 10.1.58 and 9.0.121) adds a connection's statistics to the
     * protocol's group without telling them their group, so its {@code close()} cannot take them out again: every
     * upgraded connection stayed in the group for the connector's life (about 100 bytes each; 44,309 of them after
     * 44,309 handshakes). Telling them here lets Tomcat's own {@code close()} remove them and move their counts to the
     * group's totals. A fixed Tomcat has told them already, and then nothing changes.
     */
    private void leaveGroupAtClose(UpgradeGroupInfo group) {
        if (group == null || UPGRADE_INFO == null) {
            return;
        }
        try {
            UpgradeInfo info = (UpgradeInfo) UPGRADE_INFO.get(this);
            if (info != null && info.getGlobalProcessor() == null) {
                info.setGroupInfo(group); // the group holds a set: adding the same statistics again changes nothing
            }
        } catch (IllegalAccessException | ClassCastException e) {
            // another Tomcat: it keeps its statistics as it will
        }
    }

    private static Field upgradeInfoField() {
        try {
            Field field = UpgradeProcessorExternal.class.getDeclaredField("upgradeInfo");
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException | RuntimeException e) {
            return null; // a Tomcat without the field: nothing to mend
        }
    }

    @Override
    public ServletInputStream getInputStream() {
        return input;
    }

    @Override
    public ServletOutputStream getOutputStream() {
        return output;
    }

    /** Whether the connection's last read callback left data unread (its handler then asks for no read event). */
    boolean readsHeld() {
        return readsHeld;
    }

    @Override
    public void close() throws Exception {
        // Bytes the peer did not take are still buffered: Tomcat would drop the socket only in a write dispatch, which
        // a peer that reads nothing never causes. Onramp decided that the connection ends (its close timeout ran out,
        // or the connection failed), so the socket goes now. Asked before the streams close: closing the output
        // hands its buffer to a flush that clears the flag without the peer having taken anything.
        boolean unwritten = socket.hasDataToWrite();
        try {
            super.close();
        } finally {
            if (unwritten || socket.hasDataToWrite()) {
                socket.close();
            }
        }
        if (dispatching != Thread.currentThread()) {
            // outside Tomcat's dispatch nobody would look at the closed streams: ask for a dispatch that does
            socket.registerWriteInterest();
        }
    }

    /** Runs a listener callback with this thread recorded as the connection's dispatching thread. */
    private <E extends Exception> void inCallback(Callback<E> callback) throws E {
        Thread outer = dispatching;
        dispatching = Thread.currentThread();
        try {
            callback.run();
        } finally {
            dispatching = outer;
        }
    }

    /** A listener method; {@code E} is what it may throw (IOException, or nothing checked for onError). */
    @FunctionalInterface
    private interface Callback<E extends Exception> {
        void run() throws E;
    }

    private final class TrackingInput extends ServletInputStream {
        private final ServletInputStream in;

        TrackingInput(ServletInputStream in) {
            this.in = in;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(new ReadListener() {
                @Override
                public void onDataAvailable() throws IOException {
                    exhausted = false;
                    readDispatching = Thread.currentThread();
                    try {
                        inCallback(listener::onDataAvailable);
                    } finally {
                        readDispatching = null;
                    }
                    // Returned before isReady() said false: the application holds its reads (the Servlet API then
                    // owes it no callback). Not asked here: the application may be reading on another thread.
                    readsHeld = !exhausted;
                }

                @Override
                public void onAllDataRead() throws IOException {
                    inCallback(listener::onAllDataRead);
                }

                @Override
                public void onError(Throwable t) {
                    inCallback(() -> listener.onError(t));
                }
            });
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            boolean ready = in.isReady();
            if (!ready) {
                if (readDispatching == Thread.currentThread()) {
                    exhausted = true; // Tomcat asks for the next read event when this read callback returns
                } else {
                    // The application read everything outside a read callback (after holding): on its own thread, or
                    // inside a write callback, after which Tomcat would not ask for read events while the reads are
                    // held. From now on the poller reports new data again. Asked even if a read callback is still
                    // running (it may yet decide that the reads are held); Tomcat runs the next dispatch after it.
                    readsHeld = false;
                    socket.registerReadInterest();
                }
            }
            return ready;
        }

        @Override
        public int read() throws IOException {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in.read(b, off, len);
        }

        @Override
        public int read(ByteBuffer buffer) throws IOException {
            return in.read(buffer);
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    private final class TrackingOutput extends ServletOutputStream {
        private final ServletOutputStream out;

        TrackingOutput(ServletOutputStream out) {
            this.out = out;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            out.setWriteListener(new WriteListener() {
                @Override
                public void onWritePossible() throws IOException {
                    inCallback(listener::onWritePossible);
                }

                @Override
                public void onError(Throwable t) {
                    inCallback(() -> listener.onError(t));
                }
            });
        }

        @Override
        public boolean isReady() {
            return out.isReady();
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void write(ByteBuffer buffer) throws IOException {
            out.write(buffer);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
