package dev.onramp.sample.adversarial;

import dev.onramp.testing.Await;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Undeploy leaks (issue 12, item 10). The sample WAR with a servlet that dials the application's own {@code /echo}
 * through {@code ServerContainer.connectToServer} ({@link DialOutServlet}) is deployed into one running container,
 * used (one dial: a client session and a server session), and undeployed, 20 times. Afterwards every one of the 20
 * web application class loaders must be collectable, and no thread may be left that belongs to them (Onramp sits in
 * the WAR's {@code WEB-INF/lib}, so its threads run with, and are made by classes of, the application's loader).
 */
@Timeout(300)
class UndeployLeakIT {

    private static final int DEPLOYMENTS = 20;
    private static final String CONTEXT = "/dial";
    /** Generous: what Onramp's own idle threads take to end after the last session closed, and several collections. */
    private static final long SETTLE_SECONDS = 30;

    @ParameterizedTest
    @EnumSource(Container.class)
    void twentyRedeploysLeaveNoClassLoaderAndNoThreadBehind(Container container) throws Exception {
        Path webapp = dialingWar();
        ReferenceQueue<ClassLoader> collected = new ReferenceQueue<>();
        List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
        try (Redeployer server = Redeployer.start(container)) {
            for (int i = 0; i < DEPLOYMENTS; i++) {
                server.deploy(CONTEXT, webapp);
                loaders.add(new WeakReference<>(runningLoader(container), collected));
                RawConnection.Response answer = get(server.port(), CONTEXT + "/dial");
                assertThat(answer.status()).as("deployment %d", i + 1).isEqualTo(200);
                assertThat(answer.body()).isEqualTo("dialled");
                server.undeploy(CONTEXT);
            }
            // Jetty's selector keeps the last connection it served reachable until it wakes for another one, and with
            // it that connection's last request and application: once the server closed every connection (the dial's
            // WebSocket and the requests), one more request wakes it
            Await.until("the server closing every connection", Duration.ofSeconds(30),
                    () -> ServerSockets.held(server.port()) == 0);
            assertThat(get(server.port(), "/nothing").status()).isEqualTo(404);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SETTLE_SECONDS);
            List<Thread> left = awaitThreadsEnd(loaders, deadline);
            assertThat(left).as("threads of undeployed applications").extracting(Thread::getName).isEmpty();
            int gone = awaitCollected(collected, deadline);
            assertThat(gone).as("undeployed applications' class loaders collected").isEqualTo(DEPLOYMENTS);
        }
    }

    /** A GET on a connection of its own, which the server closes after answering. */
    private static RawConnection.Response get(int port, String target) throws IOException {
        try (RawConnection c = RawConnection.open(port)) {
            c.send("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            return c.readResponse();
        }
    }

    /** The loader of the application just deployed, without keeping anything else of it. */
    private static ClassLoader runningLoader(Container container) {
        return ContextCapture.running(container.name(), CONTEXT).getClassLoader();
    }

    /** Threads whose context class loader is one of the (not yet collected) applications' loaders. */
    private static List<Thread> threadsOf(List<WeakReference<ClassLoader>> loaders) {
        Set<ClassLoader> live = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Reference<ClassLoader> r : loaders) {
            ClassLoader l = r.get();
            if (l != null) {
                live.add(l);
            }
        }
        List<Thread> of = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (live.contains(t.getContextClassLoader())) {
                of.add(t);
            }
        }
        return of;
    }

    /** Waits (joining them) until no thread of the applications is alive, or the deadline; returns those left. */
    private static List<Thread> awaitThreadsEnd(List<WeakReference<ClassLoader>> loaders, long deadline)
            throws InterruptedException {
        while (true) {
            List<Thread> left = threadsOf(loaders);
            long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left.isEmpty() || remaining <= 0) {
                return left;
            }
            left.get(0).join(remaining);
        }
    }

    /** Collects until every loader was enqueued or the deadline passed; returns how many were. */
    private static int awaitCollected(ReferenceQueue<ClassLoader> collected, long deadline)
            throws InterruptedException {
        int gone = 0;
        while (gone < DEPLOYMENTS && System.nanoTime() < deadline) {
            System.gc();
            while (collected.remove(500) != null) {
                gone++;
            }
        }
        return gone;
    }

    /** The sample WAR, unpacked, with the dialling servlet's classes in WEB-INF/classes and its web.xml. */
    private static Path dialingWar() throws IOException {
        Path dir = ProtectedSampleWar.unpack(ProtectedSampleWar.sampleWar(), Files.createTempDirectory("onramp-dial"));
        ProtectedSampleWar.addClasses(dir, DialOutServlet.class, DialOutServlet.Collector.class);
        try (InputStream in = UndeployLeakIT.class.getResourceAsStream("dial-web.xml")) {
            Files.writeString(dir.resolve("WEB-INF/web.xml"), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        return dir;
    }
}
