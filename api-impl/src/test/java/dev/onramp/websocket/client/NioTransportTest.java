package dev.onramp.websocket.client;

import dev.onramp.websocket.transport.TransportHandler;
import dev.onramp.websocket.transport.WriteCallback;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The NIO transport alone, against a plain socket server. */
class NioTransportTest {

    private static final long WAIT = 20;

    private static NioTransport connect(RawServer server) throws Exception {
        ClientSelector selector = ClientSelector.next();
        SocketChannel channel = selector.connect(new InetSocketAddress("127.0.0.1", server.port())).get(WAIT, TimeUnit.SECONDS);
        return new NioTransport(channel, selector);
    }

    /** Records what the transport reports; demands only when told to. */
    private static final class Recorder implements TransportHandler {
        final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

        @Override
        public void onData(ByteBuffer data) {
            byte[] copy = new byte[data.remaining()];
            data.get(copy);
            events.add(copy);
        }

        @Override
        public void onEndOfInput() {
            events.add("end");
        }

        @Override
        public void onFailure(Throwable cause) {
            events.add(cause);
        }
    }

    @Test
    void readsOnlyOnDemandAndReportsTheEnd() throws Exception {
        CountDownLatch sendSecond = new CountDownLatch(1);
        try (RawServer server = new RawServer(socket -> {
            socket.getOutputStream().write(new byte[] {1, 2, 3});
            socket.getOutputStream().flush();
            sendSecond.await();
            socket.getOutputStream().write(new byte[] {4});
            socket.shutdownOutput();
            socket.getInputStream().read();
        })) {
            NioTransport transport = connect(server);
            Recorder handler = new Recorder();
            transport.start(handler);
            assertThat((byte[]) handler.events.poll(WAIT, TimeUnit.SECONDS)).containsExactly(1, 2, 3);
            sendSecond.countDown();
            // the second chunk and the end have arrived by now or soon, but nothing is read without demand
            assertThat(handler.events.poll(200, TimeUnit.MILLISECONDS)).isNull();
            transport.demand();
            assertThat((byte[]) handler.events.poll(WAIT, TimeUnit.SECONDS)).containsExactly(4);
            transport.demand();
            assertThat(handler.events.poll(WAIT, TimeUnit.SECONDS)).isEqualTo("end");
            transport.close();
        }
    }

    @Test
    void aWriteLargerThanTheSocketTakesCompletesOnceWhenThePeerReads() throws Exception {
        int size = 16 * 1024 * 1024;
        CountDownLatch startReading = new CountDownLatch(1);
        CompletableFuture<Long> received = new CompletableFuture<>();
        try (RawServer server = new RawServer(socket -> {
            startReading.await();
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[65536];
            long total = 0;
            long sum = 0;
            while (total < size) {
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                for (int i = 0; i < n; i++) {
                    sum += buf[i] & 0xff;
                }
                total += n;
            }
            received.complete(sum);
        })) {
            NioTransport transport = connect(server);
            byte[] data = new byte[size];
            long expected = 0;
            for (int i = 0; i < size; i++) {
                data[i] = (byte) (i * 31);
                expected += data[i] & 0xff;
            }
            AtomicInteger completions = new AtomicInteger();
            CompletableFuture<Void> done = new CompletableFuture<>();
            ByteBuffer first = ByteBuffer.wrap(data, 0, size / 2);
            ByteBuffer second = ByteBuffer.wrap(data, size / 2, size - size / 2);
            transport.write(new ByteBuffer[] {first, second}, true, new WriteCallback() {
                @Override
                public void completed() {
                    completions.incrementAndGet();
                    done.complete(null);
                }

                @Override
                public void failed(Throwable cause) {
                    completions.incrementAndGet();
                    done.completeExceptionally(cause);
                }
            });
            assertThat(done).as("16 MiB cannot fit in the socket buffers of an idle peer").isNotDone();
            startReading.countDown();
            done.get(WAIT, TimeUnit.SECONDS);
            assertThat(received.get(WAIT, TimeUnit.SECONDS)).isEqualTo(expected);
            assertThat(completions).hasValue(1);
            assertThat(first.position()).as("the caller's buffers are left alone").isZero();
            transport.close();
        }
    }

    @Test
    void closingFailsAPendingWriteExactlyOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (RawServer server = new RawServer(socket -> release.await())) {
            NioTransport transport = connect(server);
            BlockingQueue<Object> outcomes = new LinkedBlockingQueue<>();
            transport.write(new ByteBuffer[] {ByteBuffer.allocate(16 * 1024 * 1024)}, true, outcomes(outcomes));
            assertThat(outcomes).isEmpty();
            transport.close();
            assertThat(outcomes.poll(WAIT, TimeUnit.SECONDS)).isInstanceOf(java.nio.channels.ClosedChannelException.class);
            transport.close();
            assertThat(outcomes.poll(200, TimeUnit.MILLISECONDS)).isNull();
        } finally {
            release.countDown();
        }
    }

    @Test
    void aSecondWriteWhileOneIsOutstandingFailsItsCallbackAndLeavesTheFirstAlone() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (RawServer server = new RawServer(socket -> release.await())) {
            NioTransport transport = connect(server);
            BlockingQueue<Object> first = new LinkedBlockingQueue<>();
            BlockingQueue<Object> second = new LinkedBlockingQueue<>();
            // 16 MiB cannot drain to a peer that reads nothing: the first write stays outstanding
            transport.write(new ByteBuffer[] {ByteBuffer.allocate(16 * 1024 * 1024)}, true, outcomes(first));
            transport.write(new ByteBuffer[] {ByteBuffer.allocate(1)}, true, outcomes(second));
            assertThat(second.poll(WAIT, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class);
            assertThat(first).isEmpty();
            transport.close();
            assertThat(first.poll(WAIT, TimeUnit.SECONDS)).isInstanceOf(java.nio.channels.ClosedChannelException.class);
            assertThat(first.poll(200, TimeUnit.MILLISECONDS)).as("once").isNull();
        } finally {
            release.countDown();
        }
    }

    /** A callback that records "completed" or the failure. */
    static WriteCallback outcomes(BlockingQueue<Object> into) {
        return new WriteCallback() {
            @Override
            public void completed() {
                into.add("completed");
            }

            @Override
            public void failed(Throwable cause) {
                into.add(cause);
            }
        };
    }
}
