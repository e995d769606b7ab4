package dev.onramp.tomcat;

import dev.onramp.testing.TestThreads;
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
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the channel promises a thread inside {@code onNext} (Onramp runs message handlers there, and a handler's
 * blocking send waits there for its write): a write issued there returns at once, whatever the peer reads (it never
 * blocks the thread in the socket, so an asynchronous send stays asynchronous and a close from another thread has
 * nothing to wake); its completion needs neither that thread, nor the end of the read dispatch, nor the socket's lock,
 * only a free thread of the connector's executor; and the channel reports that executor's size, of which Onramp holds
 * at most half. Here the executor has four threads, and two connections (half) each wait inside a read dispatch for a
 * 16 MiB write to a client that reads nothing until both writes were issued: meanwhile a third client is served, and
 * then both writes complete.
 */
class NativeWriteInReadDispatchTest {

    private static final int SIZE = 16 * 1024 * 1024;
    private static final int POOL = 4;
    private static final int WAITING = POOL / 2;
    private static final byte[] PAYLOAD = new byte[SIZE];

    static {
        for (int i = 0; i < SIZE; i++) {
            PAYLOAD[i] = (byte) (i * 31 + (i >>> 11));
        }
    }

    /** Counted down by each probe once its write was issued inside the read dispatch and returned. */
    static volatile CountDownLatch issued;
    /** What the probes' subscriptions answered: may a thread in onNext wait, and the executor's size. */
    static final List<String> answers = new java.util.concurrent.CopyOnWriteArrayList<>();

    @TempDir
    Path base;

    private Tomcat tomcat;
    private int port;

    @BeforeEach
    void start() throws Exception {
        issued = new CountDownLatch(WAITING);
        answers.clear();
        tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector(PromptCloseHttp11NioProtocol.class.getName());
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        connector.setProperty("maxThreads", Integer.toString(POOL));
        connector.setProperty("minSpareThreads", Integer.toString(POOL));
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
            answers.add((s instanceof BooleanSupplier may && may.getAsBoolean()) + " "
                    + (s instanceof IntSupplier size ? size.getAsInt() : "none"));
            s.request(1);
        }

        @Override
        @SuppressWarnings("unchecked")
        public void onNext(ByteBuffer data) {
            ((Consumer<ByteBuffer[]>) subscription).accept(new ByteBuffer[] {ByteBuffer.wrap(PAYLOAD)});
            issued.countDown();
            try {
                // what a blocking send does: the read dispatch's thread waits for the write's completion
                written.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
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

    /** Switches a request that asks for it to the probe; answers any other with "served". */
    public static final class UpgradingServlet extends HttpServlet {
        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            if (request.getHeader("Upgrade") == null) {
                response.setContentType("text/plain");
                response.getWriter().write("served");
                return;
            }
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
    void aWriteInsideAReadDispatchReturnsAtOnceAndCompletesOnAFreeExecutorThread() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < WAITING; i++) {
                Socket socket = new Socket("127.0.0.1", port);
                sockets.add(socket);
                socket.setSoTimeout(60_000);
                socket.getOutputStream().write(("GET /probe HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: probe\r\n"
                        + "Connection: Upgrade\r\n\r\ngo").getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
            }
            // nobody reads yet: a write that blocked in the socket would not return before the clients read
            assertThat(issued.await(20, TimeUnit.SECONDS)).as("both writes issued and returned inside their reads")
                    .isTrue();
            assertThat(answers).containsOnly("true " + POOL).hasSize(WAITING);

            try (Socket other = new Socket("127.0.0.1", port)) {
                other.setSoTimeout(20_000);
                other.getOutputStream().write("GET /other HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                String response = new String(other.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertThat(response).as("another client, while half the executor waits").endsWith("served");
            }

            List<CompletableFuture<Integer>> received = new ArrayList<>();
            for (Socket socket : sockets) {
                received.add(TestThreads.supply(() -> readAll(socket)));
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
