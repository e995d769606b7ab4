package dev.onramp.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One client connection on the {@link EventLoop}: connects, performs the opening handshake, then hands echoes to its
 * {@link Driver}. Writes go through {@link #send}: at most one region is in flight, and the driver hears
 * {@link Driver#writable} when it is gone. Nothing is allocated per message.
 */
final class Connection implements FrameScanner.Listener {

    /** What a workload does with a connection. Every method runs on the event loop thread. */
    interface Driver {
        void opened(Connection connection);

        void message(Connection connection, int opcode, long length);

        /** The region given to {@link Connection#send} has been written completely. */
        default void writable(Connection connection) {
        }

        /** The server sent a close frame with {@code code}; the socket is already dropped. */
        void closed(Connection connection, int code);

        void failed(Connection connection, Exception cause);
    }

    private static final int READ_BUFFER = 64 * 1024;

    final Driver driver;
    /** Free for the driver: per-connection workload state. */
    Object state;

    private final ClientHandshake handshake;
    private final ByteBuffer in = ByteBuffer.allocateDirect(READ_BUFFER);
    private final FrameScanner scanner = new FrameScanner();
    private SocketChannel channel;
    private SelectionKey key;
    private ByteBuffer pending;
    private boolean open;
    private boolean dead;

    Connection(EventLoop loop, InetSocketAddress server, Driver driver) throws IOException {
        this.driver = driver;
        this.handshake = new ClientHandshake(server.getHostString() + ":" + server.getPort(), "/echo");
        channel = SocketChannel.open();
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        if (channel.connect(server)) {
            key = loop.register(channel, 0, this);
            sendHandshake();
        } else {
            key = loop.register(channel, SelectionKey.OP_CONNECT, this);
        }
    }

    boolean isOpen() {
        return open && !dead;
    }

    /** True while an earlier {@link #send} region is still being written. */
    boolean writing() {
        return pending != null;
    }

    /** Writes {@code region} (position..limit); must not be called while {@link #writing()}. */
    void send(ByteBuffer region) {
        if (dead) {
            return;
        }
        if (pending != null) {
            throw new IllegalStateException("send while a write is pending");
        }
        pending = region;
        try {
            flush();
        } catch (IOException e) {
            fail(e);
        }
    }

    /** Closes the socket without a close handshake. */
    void abort() {
        dead = true;
        key.cancel();
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    void ready(SelectionKey selected) {
        try {
            if (selected.isConnectable()) {
                if (channel.finishConnect()) {
                    sendHandshake();
                }
                return;
            }
            if (selected.isWritable()) {
                flush();
            }
            if (selected.isValid() && selected.isReadable()) {
                read();
            }
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    private void sendHandshake() throws IOException {
        key.interestOps(SelectionKey.OP_READ);
        pending = ByteBuffer.wrap(handshake.request());
        flush();
    }

    private void flush() throws IOException {
        channel.write(pending);
        if (pending.hasRemaining()) {
            key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            return;
        }
        pending = null;
        key.interestOps(SelectionKey.OP_READ);
        if (open) {
            driver.writable(this);
        }
    }

    private void read() throws IOException {
        int n = channel.read(in);
        if (n < 0) {
            throw new IOException("server closed the connection" + (open ? "" : " during the handshake"));
        }
        in.flip();
        if (!open) {
            int end = handshake.complete(in);
            if (end < 0) {
                in.compact();
                if (!in.hasRemaining()) {
                    throw new IOException("handshake response too large");
                }
                return;
            }
            in.position(end);
            open = true;
            driver.opened(this);
        }
        scanner.scan(in, this);
        in.clear();
    }

    @Override
    public void onMessage(int opcode, long length) {
        if (!dead) {
            driver.message(this, opcode, length);
        }
    }

    @Override
    public void onClose(int code) {
        if (!dead) {
            abort();
            driver.closed(this, code);
        }
    }

    private void fail(Exception cause) {
        if (!dead) {
            abort();
            driver.failed(this, cause);
        }
    }
}
