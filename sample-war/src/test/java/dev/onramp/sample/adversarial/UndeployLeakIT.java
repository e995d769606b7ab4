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
        LateClassLoads late = new LateClassLoads();
        java.util.logging.Logger.getLogger("").addHandler(late);
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
            assertThat(left).as("threads of undeployed applications, with their stacks:%n%s", stacks(left))
                    .extracting(Thread::getName).isEmpty();
            // a deadline of its own: threads that took long to end must not leave the collections less time
            int gone = awaitCollected(collected, System.nanoTime() + TimeUnit.SECONDS.toNanos(SETTLE_SECONDS));
            assertThat(gone).as("undeployed applications' class loaders collected").isEqualTo(DEPLOYMENTS);
            assertThat(late.seen).as("code of a stopped application that still ran and found its loader closed")
                    .isEmpty();
        } finally {
            java.util.logging.Logger.getLogger("").removeHandler(late);
            deleteTree(webapp);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * Log records (Onramp's and Tomcat's go through java.util.logging) of a class that could not be loaded: what
     * code of an undeployed application meets when it runs after its loader stopped.
     */
    private static final class LateClassLoads extends java.util.logging.Handler {
        final List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void publish(java.util.logging.LogRecord record) {
            for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
                if (t instanceof NoClassDefFoundError || t instanceof ClassNotFoundException) {
                    seen.add(record.getLoggerName() + ": " + record.getMessage() + ": " + t);
                    return;
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
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

    /** The threads' names and stacks, for a failure's message. */
    private static String stacks(List<Thread> threads) {
        StringBuilder out = new StringBuilder();
        for (Thread t : threads) {
            out.append('"').append(t.getName()).append("\" ").append(t.getState()).append('\n');
            for (StackTraceElement e : t.getStackTrace()) {
                out.append("    at ").append(e).append('\n');
            }
            out.append(clientSelectors(t.getContextClassLoader()));
        }
        return out.toString();
    }

    /** What the application's client selectors hold (keys, their channels and owners), read reflectively. */
    private static String clientSelectors(ClassLoader loader) {
        StringBuilder out = new StringBuilder();
        try {
            Class<?> shared = Class.forName("dev.onramp.websocket.client.ClientSelector$Shared", true, loader);
            java.lang.reflect.Field all = shared.getDeclaredField("SELECTORS");
            all.setAccessible(true);
            for (Object cs : (Object[]) all.get(null)) {
                out.append("  selector ").append(fields(cs)).append('\n');
                java.lang.reflect.Field sel = cs.getClass().getDeclaredField("selector");
                sel.setAccessible(true);
                java.nio.channels.Selector selector = (java.nio.channels.Selector) sel.get(cs);
                if (selector == null) {
                    continue;
                }
                for (java.nio.channels.SelectionKey k : selector.keys()) {
                    out.append("    key valid=").append(k.isValid());
                    if (k.isValid()) {
                        out.append(" interest=").append(k.interestOps()).append(" ready=").append(k.readyOps());
                    }
                    out.append(" channel=").append(k.channel()).append(" open=").append(k.channel().isOpen())
                            .append("\n      owner ").append(fields(k.attachment())).append('\n');
                    Object connection = field(k.attachment(), "handler");
                    out.append("      connection ").append(fields(connection)).append('\n');
                    for (String part : new String[] {"lifecycle", "reader", "queue", "session"}) {
                        out.append("        ").append(part).append(' ').append(fields(field(connection, part)))
                                .append('\n');
                    }
                    out.append("        handshake ")
                            .append(fields(field(field(connection, "lifecycle"), "handshake"))).append('\n');
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            out.append("  (client selectors not readable: ").append(e).append(")\n");
        }
        return out.toString();
    }

    private static Object field(Object o, String name) throws ReflectiveOperationException {
        if (o == null) {
            return null;
        }
        java.lang.reflect.Field f = o.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f.get(o);
    }

    private static String fields(Object o) throws IllegalAccessException {
        if (o == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(o.getClass().getName()).append('{');
        for (java.lang.reflect.Field f : o.getClass().getDeclaredFields()) {
            if (java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            f.setAccessible(true);
            Object v = f.get(o);
            out.append(f.getName()).append('=').append(v instanceof Object[] a ? java.util.Arrays.toString(a) : v)
                    .append(", ");
        }
        return out.append('}').toString();
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
