package dev.onramp.tomcat;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.CompletionHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.ObjLongConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The promise the channel makes with its {@code BooleanSupplier}: a thread inside {@code onNext} may wait for its own
 * write (as a message handler Onramp runs inline does with a blocking send). Tomcat runs the continuation of a
 * non-blocking write on its executor; here that executor has two threads, and four connections each wait inside a read
 * dispatch for a 16 MiB write to a client that reads nothing for two seconds. Had those writes been non-blocking, both
 * threads would wait for continuations that need one of them; written blocking on the waiting thread, all four
 * complete.
 */
class NativeBlockingWriteTest {

    private static final int SIZE = 16 * 1024 * 1024;
    private static final int CONNECTIONS = 4;
    /** How long the clients hold off reading; a scenario, not a wait for anything. */
    private static final long HOLD_OFF_MS = 2_000;
    private static final byte[] PAYLOAD = new byte[SIZE];

    static {
        for (int i = 0; i < SIZE; i++) {
            PAYLOAD[i] = (byte) (i * 31 + (i >>> 11));
        }
    }

    @TempDir
    Path base;

    private Tomcat tomcat;
    private int port;

    @BeforeEach
    void start() throws Exception {
        tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector(PromptCloseHttp11NioProtocol.class.getName());
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        connector.setProperty("maxThreads", "2");
        connector.setProperty("minSpareThreads", "2");
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "upgrading", new UpgradingServlet());
        context.addServletMappingDecoded("/*", "upgrading");
        tomcat.start();
        port = connector.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        tomcat.stop();
        tomcat.destroy();
    }

    /** Upgrades to a probe that, inside its first read, writes 16 MiB and waits there for the write's completion. */
    public static final class WaitingProbe implements HttpUpgradeHandler {
        private volatile Flow.Publisher<ByteBuffer> channel;

        /** The offer, in the shape Onramp's upgrade handler has. */
        public boolean offerNativeChannel(Flow.Publisher<ByteBuffer> offered) {
            channel = offered;
            return true;
        }

        @Override
        public void init(WebConnection connection) {
            channel.subscribe(new WaitForOwnWrite());
        }

        @Override
        public void destroy() {
        }
    }

    private static final class WaitForOwnWrite implements Flow.Subscriber<ByteBuffer>, CompletionHandler<Long, Void> {
        private Flow.Subscription subscription;
        private final CountDownLatch written = new CountDownLatch(1);

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            assertThat(((BooleanSupplier) s).getAsBoolean()).isTrue();
            s.request(1);
        }

        @Override
        @SuppressWarnings("unchecked")
        public void onNext(ByteBuffer data) {
            ((ObjLongConsumer<ByteBuffer[]>) subscription).accept(new ByteBuffer[] {ByteBuffer.wrap(PAYLOAD)}, 60_000);
            try {
                // what a blocking send does: the read dispatch's thread waits for the write's completion
                if (!written.await(30, TimeUnit.SECONDS)) {
                    subscription.cancel();
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            subscription.cancel();
        }

        @Override
        public void completed(Long bytes, Void attachment) {
            written.countDown();
        }

        @Override
        public void failed(Throwable cause, Void attachment) {
            subscription.cancel();
        }

        @Override
        public void onComplete() {
        }

        @Override
        public void onError(Throwable cause) {
        }
    }

    /** Switches any request to the probe. */
    public static final class UpgradingServlet extends HttpServlet {
        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setStatus(HttpServletResponse.SC_SWITCHING_PROTOCOLS);
            response.setHeader("Upgrade", "probe");
            response.setHeader("Connection", "Upgrade");
            try {
                request.upgrade(WaitingProbe.class);
            } catch (jakarta.servlet.ServletException e) {
                throw new IOException(e);
            }
        }
    }

    @Test
    void writesAwaitedInsideReadDispatchesCompleteWithEveryExecutorThreadWaiting() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        List<CompletableFuture<Integer>> received = new ArrayList<>();
        Executor later = CompletableFuture.delayedExecutor(HOLD_OFF_MS, TimeUnit.MILLISECONDS);
        try {
            for (int i = 0; i < CONNECTIONS; i++) {
                Socket socket = new Socket("127.0.0.1", port);
                sockets.add(socket);
                socket.setSoTimeout(60_000);
                socket.getOutputStream().write(("GET /probe HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: probe\r\n"
                        + "Connection: Upgrade\r\n\r\ngo").getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                received.add(CompletableFuture.supplyAsync(() -> readAll(socket), later));
            }
            for (CompletableFuture<Integer> r : received) {
                assertThat(r.get(90, TimeUnit.SECONDS)).isEqualTo(SIZE);
            }
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    /** Reads the 101 head, then the bytes until EOF; returns how many matched the payload in order. */
    private static int readAll(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    return -1;
                }
                head.write(b);
            }
            byte[] chunk = new byte[64 * 1024];
            int total = 0;
            int n;
            while ((n = in.read(chunk)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (total >= SIZE || chunk[i] != PAYLOAD[total]) {
                        return -2 - total;
                    }
                    total++;
                }
            }
            return total;
        } catch (IOException e) {
            return -3;
        }
    }
}
