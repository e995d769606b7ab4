package dev.onramp.servlet;

import dev.onramp.websocket.transport.TransportHandler;
import dev.onramp.websocket.transport.WriteCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import dev.onramp.servlet.RawUpgradeServer.Kind;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ServletTransport} alone, over a real embedded Jetty 12 and raw sockets, without WebSocket framing. */
class ServletTransportTest {

    private RawUpgradeServer server;
    private final ExecutorService appThread = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() throws Exception {
        appThread.shutdownNow();
        if (server != null) {
            server.close();
        }
    }

    /** Echoes each chunk back, then demands again (on the given executor, or inline when null). */
    private static final class Echo implements TransportHandler {
        final ServletTransport transport;
        final java.util.concurrent.Executor demandFrom;
        final CountDownLatch endOfInput = new CountDownLatch(1);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final AtomicInteger concurrentCalls = new AtomicInteger();
        /** Bytes whose echo the transport reported written. */
        final java.util.concurrent.atomic.AtomicLong echoed = new java.util.concurrent.atomic.AtomicLong();
        volatile boolean overlapped;

        Echo(ServletTransport transport, java.util.concurrent.Executor demandFrom) {
            this.transport = transport;
            this.demandFrom = demandFrom;
        }

        @Override
        public void onData(ByteBuffer data) {
            if (concurrentCalls.incrementAndGet() != 1) {
                overlapped = true;
            }
            ByteBuffer copy = ByteBuffer.allocate(data.remaining()).put(data).flip();
            Runnable echo = () -> transport.write(new ByteBuffer[] {copy}, true, new WriteCallback() {
                @Override
                public void completed() {
                    echoed.addAndGet(copy.capacity());
                    transport.demand();
                }

                @Override
                public void failed(Throwable cause) {
                    failure.set(cause);
                }
            });
            concurrentCalls.decrementAndGet();
            if (demandFrom == null) {
                echo.run();
            } else {
                demandFrom.execute(echo);
            }
        }

        @Override
        public void onEndOfInput() {
            endOfInput.countDown();
            transport.close();
        }

        @Override
        public void onFailure(Throwable cause) {
            failure.set(cause);
        }
    }

    private static byte[] readFully(InputStream in, int length) throws Exception {
        byte[] data = new byte[length];
        int read = 0;
        while (read < length) {
            int n = in.read(data, read, length - read);
            assertThat(n).as("EOF after %d of %d bytes: %s", read, length, new String(data, 0, Math.min(read, 800), java.nio.charset.StandardCharsets.ISO_8859_1)).isPositive();
            read += n;
        }
        return data;
    }

    private void echoesOneByteDribbles(Kind kind, java.util.concurrent.Executor demandFrom) throws Exception {
        CompletableFuture<Echo> handler = new CompletableFuture<>();
        server = new RawUpgradeServer(kind, transport -> {
            Echo echo = new Echo(transport, demandFrom);
            handler.complete(echo);
            return echo;
        });
        byte[] sent = new byte[2000];
        new Random(42).nextBytes(sent);
        try (Socket socket = server.connect(new byte[] {sent[0]})) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            for (int i = 1; i < sent.length; i++) {
                out.write(sent[i]);
                out.flush();
            }
            assertThat(readFully(in, sent.length)).isEqualTo(sent);
        }
        Echo echo = handler.get(10, TimeUnit.SECONDS);
        assertThat(echo.overlapped).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void echoesOneByteDribblesWithDemandFromTheCallback(Kind kind) throws Exception {
        echoesOneByteDribbles(kind, null);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void echoesOneByteDribblesWithDemandFromAnotherThread(Kind kind) throws Exception {
        echoesOneByteDribbles(kind, appThread);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void echoesABigBurstWithDemandFromAnotherThread(Kind kind) throws Exception {
        CompletableFuture<Echo> handler = new CompletableFuture<>();
        server = new RawUpgradeServer(kind, transport -> {
            Echo echo = new Echo(transport, appThread);
            handler.complete(echo);
            return echo;
        });
        byte[] sent = new byte[4 * 1024 * 1024];
        new Random(7).nextBytes(sent);
        try (Socket socket = server.connect(new byte[] {sent[0]})) {
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    socket.getOutputStream().write(sent, 1, sent.length - 1);
                    socket.getOutputStream().flush();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            assertThat(readFully(socket.getInputStream(), sent.length)).isEqualTo(sent);
            writer.get(30, TimeUnit.SECONDS);
            // the client has every byte; the last write completes when the container says the stream is ready
            // again, and must complete before the client's close, which would fail it
            Echo echo = handler.get(10, TimeUnit.SECONDS);
            awaitCondition(() -> echo.echoed.get() == sent.length);
            assertThat(echo.failure.get()).isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void reportsEndOfInputAndCloses(Kind kind) throws Exception {
        CompletableFuture<Echo> handler = new CompletableFuture<>();
        server = new RawUpgradeServer(kind, transport -> {
            Echo echo = new Echo(transport, null);
            handler.complete(echo);
            return echo;
        });
        try (Socket socket = server.connect("abc".getBytes())) {
            assertThat(readFully(socket.getInputStream(), 3)).isEqualTo("abc".getBytes());
            socket.shutdownOutput();
            Echo echo = handler.get(10, TimeUnit.SECONDS);
            assertThat(echo.endOfInput.await(10, TimeUnit.SECONDS)).as("failure: %s", echo.failure).isTrue();
            // the handler closed the transport: the client sees the connection end
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    /**
     * Writes 16 MiB (heap and direct buffers, each write started from the previous one's callback) to a client
     * that reads nothing for two seconds: no write call may block meanwhile, and every byte must arrive after.
     */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void backpressureParksNoThreadAndLosesNothing(Kind kind) throws Exception {
        int chunk = 64 * 1024;
        int chunks = 256;
        AtomicInteger entered = new AtomicInteger();
        AtomicInteger returned = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        CountDownLatch allWritten = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        server = new RawUpgradeServer(kind, transport -> new TransportHandler() {
            int next;

            void writeNext() {
                if (next == chunks) {
                    allWritten.countDown();
                    return;
                }
                int index = next++;
                ByteBuffer buffer = index % 2 == 0 ? ByteBuffer.allocate(chunk) : ByteBuffer.allocateDirect(chunk);
                for (int i = 0; i < chunk; i++) {
                    buffer.put((byte) (index * 31 + i));
                }
                buffer.flip();
                entered.incrementAndGet();
                transport.write(new ByteBuffer[] {buffer}, index % 3 == 0, new WriteCallback() {
                    @Override
                    public void completed() {
                        completed.incrementAndGet();
                        writeNext();
                    }

                    @Override
                    public void failed(Throwable cause) {
                        failure.set(cause);
                    }
                });
                returned.incrementAndGet();
            }

            @Override
            public void onData(ByteBuffer data) {
                data.position(data.limit());
                writeNext();
            }

            @Override
            public void onEndOfInput() {
            }

            @Override
            public void onFailure(Throwable cause) {
                failure.set(cause);
            }
        });
        try (Socket socket = server.connect(new byte[] {'g'})) {
            Thread.sleep(2000); // the slow client under test: not a wait for a condition
            assertThat(completed.get()).as("the socket must have filled up").isLessThan(chunks);
            assertThat(returned.get()).as("no write() call may be parked").isEqualTo(entered.get());
            byte[] received = readFully(socket.getInputStream(), chunk * chunks);
            for (int index = 0; index < chunks; index++) {
                for (int i = 0; i < chunk; i++) {
                    if (received[index * chunk + i] != (byte) (index * 31 + i)) {
                        throw new AssertionError("byte " + (index * chunk + i) + " differs");
                    }
                }
            }
            assertThat(allWritten.await(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(failure.get()).isNull();
        assertThat(completed.get()).isEqualTo(chunks);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aSecondOutstandingWriteFailsItsCallbackOnly(Kind kind) throws Exception {
        CompletableFuture<ServletTransport> transportFuture = new CompletableFuture<>();
        CountDownLatch gotData = new CountDownLatch(1);
        server = new RawUpgradeServer(kind, transport -> {
            transportFuture.complete(transport);
            return new TransportHandler() {
                @Override
                public void onData(ByteBuffer data) {
                    gotData.countDown();
                }

                @Override
                public void onEndOfInput() {
                }

                @Override
                public void onFailure(Throwable cause) {
                }
            };
        });
        try (Socket socket = server.connect(new byte[] {'x'})) {
            assertThat(gotData.await(10, TimeUnit.SECONDS)).isTrue();
            ServletTransport transport = transportFuture.get(10, TimeUnit.SECONDS);
            // 8 MiB cannot drain while the client reads nothing, so the first write stays outstanding
            CompletableFuture<Throwable> second = new CompletableFuture<>();
            transport.write(new ByteBuffer[] {ByteBuffer.allocate(8 * 1024 * 1024)}, true, callback(r -> { }));
            transport.write(new ByteBuffer[] {ByteBuffer.allocate(1)}, true, callback(second::complete));
            assertThat(second.get(10, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class);
        }
    }

    private static WriteCallback callback(Consumer<Throwable> onResult) {
        return new WriteCallback() {
            @Override
            public void completed() {
                onResult.accept(null);
            }

            @Override
            public void failed(Throwable cause) {
                onResult.accept(cause);
            }
        };
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void closeIsIdempotentAndFailsAPendingWrite(Kind kind) throws Exception {
        CompletableFuture<ServletTransport> transportFuture = new CompletableFuture<>();
        server = new RawUpgradeServer(kind, transport -> {
            transportFuture.complete(transport);
            return new TransportHandler() {
                @Override
                public void onData(ByteBuffer data) {
                }

                @Override
                public void onEndOfInput() {
                }

                @Override
                public void onFailure(Throwable cause) {
                }
            };
        });
        try (Socket socket = server.connect(new byte[] {'x'})) {
            ServletTransport transport = transportFuture.get(10, TimeUnit.SECONDS);
            CompletableFuture<Throwable> pending = new CompletableFuture<>();
            transport.write(new ByteBuffer[] {ByteBuffer.allocate(8 * 1024 * 1024)}, true, callback(pending::complete));
            transport.close();
            transport.close();
            assertThat(pending.get(10, TimeUnit.SECONDS)).isNotNull();
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(rest); // ends: the server closed the connection
            CompletableFuture<Throwable> after = new CompletableFuture<>();
            transport.write(new ByteBuffer[] {ByteBuffer.allocate(1)}, true, callback(after::complete));
            assertThat(after.get(10, TimeUnit.SECONDS)).isNotNull();
        }
    }

    /** A close from inside a read callback (a container thread) ends the TCP connection, in every container. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void closeFromInsideAReadCallbackDropsTheConnection(Kind kind) throws Exception {
        server = new RawUpgradeServer(kind, transport -> new TransportHandler() {
            @Override
            public void onData(ByteBuffer data) {
                transport.close();
            }

            @Override
            public void onEndOfInput() {
            }

            @Override
            public void onFailure(Throwable cause) {
            }
        });
        try (Socket socket = server.connect(new byte[] {'x'})) {
            socket.setSoTimeout(10_000);
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    /**
     * A close from an application thread, made once no container callback of the connection runs any more and with
     * nothing left to write, ends the TCP connection. (Stock Tomcat 11 needs onramp-tomcat-upgrade-fix's protocol
     * for this, which RawUpgradeServer uses: it closes an upgraded connection only when one of its dispatches for it
     * returns with both streams closed.)
     */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void closeFromAnApplicationThreadDropsTheConnection(Kind kind) throws Exception {
        CompletableFuture<ServletTransport> transportFuture = new CompletableFuture<>();
        CountDownLatch gotData = new CountDownLatch(1);
        server = new RawUpgradeServer(kind, transport -> {
            transportFuture.complete(transport);
            return new TransportHandler() {
                @Override
                public void onData(ByteBuffer data) {
                    data.position(data.limit());
                    transport.demand();
                    gotData.countDown();
                }

                @Override
                public void onEndOfInput() {
                }

                @Override
                public void onFailure(Throwable cause) {
                }
            };
        });
        try (Socket socket = server.connect(new byte[] {'x'})) {
            assertThat(gotData.await(10, TimeUnit.SECONDS)).isTrue();
            ServletTransport transport = transportFuture.get(10, TimeUnit.SECONDS);
            awaitNoCallback(transport);
            appThread.submit(transport::close).get(10, TimeUnit.SECONDS);
            socket.setSoTimeout(10_000);
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    /**
     * A reply written and the connection closed from an application thread after the container's callbacks
     * returned, as the engine does when a close frame waited in the read-ahead while the application was busy:
     * the peer gets the reply, then end of stream.
     */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void aReplyThenCloseFromAnApplicationThreadReachesThePeerAndDropsTheConnection(Kind kind) throws Exception {
        CompletableFuture<ServletTransport> transportFuture = new CompletableFuture<>();
        CountDownLatch gotData = new CountDownLatch(1);
        server = new RawUpgradeServer(kind, transport -> {
            transportFuture.complete(transport);
            return new TransportHandler() {
                @Override
                public void onData(ByteBuffer data) {
                    data.position(data.limit());
                    gotData.countDown(); // no demand: the application is busy
                }

                @Override
                public void onEndOfInput() {
                }

                @Override
                public void onFailure(Throwable cause) {
                }
            };
        });
        try (Socket socket = server.connect(new byte[] {'x'})) {
            assertThat(gotData.await(10, TimeUnit.SECONDS)).isTrue();
            ServletTransport transport = transportFuture.get(10, TimeUnit.SECONDS);
            awaitNoCallback(transport);
            CompletableFuture<Throwable> written = new CompletableFuture<>();
            appThread.submit(() -> transport.write(new ByteBuffer[] {ByteBuffer.wrap(new byte[] {'b', 'y', 'e'})}, true,
                    callback(result -> {
                        written.complete(result);
                        transport.close(); // on the thread that completed the write: this application thread
                    }))).get(10, TimeUnit.SECONDS);
            assertThat(written.get(10, TimeUnit.SECONDS)).isNull();
            socket.setSoTimeout(10_000);
            assertThat(socket.getInputStream().readAllBytes()).isEqualTo("bye".getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** Waits (up to 10 s, parked between looks) until the condition holds; fails if it does not. */
    private static void awaitCondition(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() < deadline).as("condition within 10 s").isTrue();
            Thread.sleep(1);
        }
    }

    /** Waits (bounded) until no container callback of the connection runs, so what follows happens outside them. */
    private static void awaitNoCallback(ServletTransport transport) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (transport.callbacksInProgress() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(transport.callbacksInProgress()).as("container callbacks still running").isZero();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aHandlerThatStopsDemandingStopsTheReadingAtTheReadAheadLimit(Kind kind) throws Exception {
        CompletableFuture<ServletTransport> transports = new CompletableFuture<>();
        CountDownLatch firstData = new CountDownLatch(1);
        server = new RawUpgradeServer(kind, transport -> {
            transports.complete(transport);
            return new TransportHandler() {
                @Override
                public void onData(ByteBuffer data) {
                    firstData.countDown(); // and never demands again: an application still busy
                }

                @Override
                public void onEndOfInput() {
                }

                @Override
                public void onFailure(Throwable cause) {
                }
            };
        });
        byte[] chunk = new byte[64 * 1024];
        try (Socket socket = server.connect(new byte[] {1})) {
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    for (int i = 0; i < 1024; i++) {
                        out.write(chunk); // 64 MiB, more than loopback socket buffers hold: blocks once reading stops
                    }
                } catch (java.io.IOException closed) {
                    // the test closes the socket while this writer is blocked
                }
            }, "slow-reader-peer");
            writer.setDaemon(true);
            writer.start();
            assertThat(firstData.await(10, TimeUnit.SECONDS)).isTrue();
            ServletTransport transport = transports.get(10, TimeUnit.SECONDS);
            int bound = ServletTransport.READ_AHEAD_LIMIT + ServletTransport.READ_BUFFER_SIZE;
            // the queue fills to the limit; the buffer handed to the handler may have been taken out of it after
            // that (when the container's first read already brought more than the first byte)
            int filled = ServletTransport.READ_AHEAD_LIMIT - ServletTransport.READ_BUFFER_SIZE;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (transport.readAheadBytes() < filled && System.nanoTime() < deadline) {
                assertThat(transport.readAheadBytes()).isLessThanOrEqualTo(bound);
                Thread.onSpinWait();
            }
            assertThat(transport.readAheadBytes()).as("the read-ahead fills up to its limit")
                    .isGreaterThanOrEqualTo(filled);
            // more keeps arriving at the socket; the transport must not take it while nobody demands
            long watch = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
            while (System.nanoTime() < watch) {
                assertThat(transport.readAheadBytes()).isLessThanOrEqualTo(bound);
                Thread.onSpinWait();
            }
            assertThat(writer.isAlive()).as("the peer is held back by TCP, not buffered by the server").isTrue();
        }
    }
}
