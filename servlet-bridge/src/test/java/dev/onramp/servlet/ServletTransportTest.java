package dev.onramp.servlet;

import dev.onramp.servlet.RawUpgradeServer.Kind;
import dev.onramp.testing.Await;
import dev.onramp.testing.TestThreads;
import dev.onramp.websocket.transport.TransportHandler;
import dev.onramp.websocket.transport.WriteCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.time.Duration;
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
            CompletableFuture<Void> writer = TestThreads.run(() -> {
                socket.getOutputStream().write(sent, 1, sent.length - 1);
                socket.getOutputStream().flush();
            });
            assertThat(readFully(socket.getInputStream(), sent.length)).isEqualTo(sent);
            writer.get(30, TimeUnit.SECONDS);
            // the client has every byte; the last write completes when the container says the stream is ready
            // again, and must complete before the client's close, which would fail it
            Echo echo = handler.get(10, TimeUnit.SECONDS);
            Await.until("the last echo reported written", () -> echo.echoed.get() == sent.length);
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
        server = new RawUpgradeServer(kind, transport -> {
            ChunkWriter writer = new ChunkWriter(transport, chunk, chunks, entered, returned, completed, allWritten,
                    failure);
            return RecordingHandler.onData(data -> {
                data.position(data.limit());
                writer.writeNext();
            });
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

    /** Writes {@code chunks} patterned chunks one after the other, each from the previous one's callback. */
    private static final class ChunkWriter {
        private final ServletTransport transport;
        private final int chunk;
        private final int chunks;
        private final AtomicInteger entered;
        private final AtomicInteger returned;
        private final AtomicInteger completed;
        private final CountDownLatch allWritten;
        private final AtomicReference<Throwable> failure;
        private int next;

        ChunkWriter(ServletTransport transport, int chunk, int chunks, AtomicInteger entered, AtomicInteger returned,
                AtomicInteger completed, CountDownLatch allWritten, AtomicReference<Throwable> failure) {
            this.transport = transport;
            this.chunk = chunk;
            this.chunks = chunks;
            this.entered = entered;
            this.returned = returned;
            this.completed = completed;
            this.allWritten = allWritten;
            this.failure = failure;
        }

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
            transport.write(new ByteBuffer[] {buffer}, index % 3 == 0, callback(cause -> {
                if (cause == null) {
                    completed.incrementAndGet();
                    writeNext();
                } else {
                    failure.set(cause);
                }
            }));
            returned.incrementAndGet();
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aSecondOutstandingWriteFailsItsCallbackOnly(Kind kind) throws Exception {
        CompletableFuture<ServletTransport> transportFuture = new CompletableFuture<>();
        RecordingHandler handler = RecordingHandler.busy();
        serve(kind, handler, transportFuture);
        try (Socket socket = server.connect(new byte[] {'x'})) {
            handler.awaitFirstData();
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
            return RecordingHandler.busy();
        });
        try (Socket socket = server.connect(new byte[] {'x'})) {
            ServletTransport transport = transportFuture.get(10, TimeUnit.SECONDS);
            CompletableFuture<Throwable> pending = new CompletableFuture<>();
            transport.write(new ByteBuffer[] {ByteBuffer.allocate(8 * 1024 * 1024)}, true, callback(pending::complete));
            transport.close();
            transport.close();
            assertThat(pending.get(10, TimeUnit.SECONDS)).isNotNull();
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            try {
                socket.getInputStream().transferTo(rest); // ends: the server closed the connection
            } catch (java.net.SocketException reset) {
                // or reset it: a socket closed with unsent bytes (the 8 MiB write) may end with an RST instead of a FIN
            }
            CompletableFuture<Throwable> after = new CompletableFuture<>();
            transport.write(new ByteBuffer[] {ByteBuffer.allocate(1)}, true, callback(after::complete));
            assertThat(after.get(10, TimeUnit.SECONDS)).isNotNull();
        }
    }

    /** A close from inside a read callback (a container thread) ends the TCP connection, in every container. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void closeFromInsideAReadCallbackDropsTheConnection(Kind kind) throws Exception {
        server = new RawUpgradeServer(kind, transport -> RecordingHandler.onData(data -> transport.close()));
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
        RecordingHandler handler = RecordingHandler.onData(data -> {
            data.position(data.limit());
            transportFuture.getNow(null).demand(); // the transport came first: it calls this handler
        });
        serve(kind, handler, transportFuture);
        try (Socket socket = server.connect(new byte[] {'x'})) {
            handler.awaitFirstData();
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
        RecordingHandler handler = RecordingHandler.busy(); // no demand: the application is busy
        serve(kind, handler, transportFuture);
        try (Socket socket = server.connect(new byte[] {'x'})) {
            handler.awaitFirstData();
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

    /** Serves {@code handler} over each upgraded connection; {@code transport} completes with the connection's transport. */
    private void serve(Kind kind, RecordingHandler handler, CompletableFuture<ServletTransport> transport)
            throws Exception {
        server = new RawUpgradeServer(kind, t -> {
            transport.complete(t);
            return handler;
        });
    }

    /** Waits (bounded) until no container callback of the connection runs, so what follows happens outside them. */
    private static void awaitNoCallback(ServletTransport transport) {
        Await.until("no container callback running", () -> transport.callbacksInProgress() == 0);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aHandlerThatStopsDemandingStopsTheReadingAtTheReadAheadLimit(Kind kind) throws Exception {
        CompletableFuture<ServletTransport> transports = new CompletableFuture<>();
        RecordingHandler handler = RecordingHandler.busy(); // never demands again: an application still busy
        serve(kind, handler, transports);
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
            handler.awaitFirstData();
            ServletTransport transport = transports.get(10, TimeUnit.SECONDS);
            int bound = ServletTransport.READ_AHEAD_LIMIT + ServletTransport.READ_BUFFER_SIZE;
            // the queue fills to the limit; the buffer handed to the handler may have been taken out of it after
            // that (when the container's first read already brought more than the first byte)
            int filled = ServletTransport.READ_AHEAD_LIMIT - ServletTransport.READ_BUFFER_SIZE;
            Await.until("the read-ahead filled up to its limit, never past the bound", () -> {
                int bytes = transport.readAheadBytes();
                assertThat(bytes).isLessThanOrEqualTo(bound);
                return bytes >= filled;
            });
            // more keeps arriving at the socket; the transport must not take it while nobody demands
            Await.holdsFor("the read-ahead within its bound", Duration.ofMillis(500),
                    () -> transport.readAheadBytes() <= bound);
            assertThat(writer.isAlive()).as("the peer is held back by TCP, not buffered by the server").isTrue();
        }
    }
}
