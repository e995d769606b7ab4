package dev.onramp.websocket.endpoint;

import dev.onramp.websocket.transport.Transport;
import dev.onramp.websocket.transport.TransportHandler;
import dev.onramp.websocket.transport.WriteCallback;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Transport} over memory that plays a WebSocket client: the test sends masked client frames, the engine's
 * (unmasked, small) server frames are parsed back. Input is delivered on its own thread, one chunk per demand.
 */
final class LoopbackTransport implements Transport {

    /** A server frame. */
    record Frame(int opcode, boolean fin, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            return ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        }
    }

    static final int CONTINUATION = 0;
    static final int TEXT = 1;
    static final int BINARY = 2;
    static final int CLOSE = 8;

    private final ExecutorService io = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "loopback-io");
        t.setDaemon(true);
        return t;
    });
    private final ArrayDeque<ByteBuffer> inbound = new ArrayDeque<>();
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private TransportHandler handler;
    private boolean demanded;
    private boolean closed;

    void send(int opcode, boolean fin, byte[] payload) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write((fin ? 0x80 : 0) | opcode);
        if (payload.length < 126) {
            f.write(0x80 | payload.length);
        } else {
            f.write(0x80 | 126);
            f.write(payload.length >>> 8);
            f.write(payload.length & 0xff);
        }
        byte[] mask = {0x11, 0x22, 0x33, 0x44};
        f.write(mask, 0, 4);
        for (int i = 0; i < payload.length; i++) {
            f.write(payload[i] ^ mask[i & 3]);
        }
        synchronized (this) {
            inbound.add(ByteBuffer.wrap(f.toByteArray()));
        }
        deliver();
    }

    void sendText(String text) {
        send(TEXT, true, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Waits (up to 10 s) until the engine wrote at least {@code count} frames; returns them all. */
    synchronized List<Frame> awaitFrames(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            List<Frame> frames = parse(written.toByteArray());
            if (frames.size() >= count) {
                return frames;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected " + count + " frames, got " + frames.size());
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    private static List<Frame> parse(byte[] b) {
        List<Frame> frames = new ArrayList<>();
        int i = 0;
        while (i + 2 <= b.length) {
            int len = b[i + 1] & 0x7f;
            int header = 2;
            if (len == 126) {
                if (i + 4 > b.length) {
                    break;
                }
                len = ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
                header = 4;
            }
            if (i + header + len > b.length) {
                break;
            }
            byte[] payload = new byte[len];
            System.arraycopy(b, i + header, payload, 0, len);
            frames.add(new Frame(b[i] & 0x0f, (b[i] & 0x80) != 0, payload));
            i += header + len;
        }
        return frames;
    }

    private void deliver() {
        synchronized (this) {
            if (closed) {
                return; // the engine dropped the connection: what the peer still sends is lost
            }
        }
        io.execute(() -> {
            ByteBuffer next;
            TransportHandler h;
            synchronized (this) {
                if (!demanded || handler == null || closed || inbound.isEmpty()) {
                    return;
                }
                next = inbound.poll();
                demanded = false;
                h = handler;
            }
            h.onData(next);
        });
    }

    @Override
    public void start(TransportHandler handler) {
        synchronized (this) {
            this.handler = handler;
            this.demanded = true;
        }
        deliver();
    }

    @Override
    public void demand() {
        synchronized (this) {
            demanded = true;
        }
        deliver();
    }

    @Override
    public void write(ByteBuffer[] buffers, boolean flush, WriteCallback callback) {
        synchronized (this) {
            for (ByteBuffer b : buffers) {
                ByteBuffer d = b.duplicate();
                byte[] bytes = new byte[d.remaining()];
                d.get(bytes);
                written.write(bytes, 0, bytes.length);
            }
            notifyAll();
        }
        callback.completed();
    }

    @Override
    public synchronized void close() {
        closed = true;
        io.shutdown();
    }

    @Override
    public boolean isSecure() {
        return false;
    }

    @Override
    public InetSocketAddress localAddress() {
        return null;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return null;
    }
}
