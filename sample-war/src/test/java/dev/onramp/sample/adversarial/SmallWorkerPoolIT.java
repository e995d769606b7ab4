package dev.onramp.sample.adversarial;

import dev.onramp.sample.launcher.Launcher;
import dev.onramp.sample.launcher.TomcatLauncher;
import dev.onramp.testing.Await;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15 with issue 12, item 4: on the native I/O paths a message handler runs on the container's own worker thread
 * that read its message, and slow readers must still not take the container's pool. Here the pool is small
 * ({@value #POOL} threads) and twice as many peers each ask {@code /attack/stuck-send} for 16 MiB and read nothing
 * (a 4 KiB receive buffer), so every one of their handlers waits in a blocking send until they leave. At most
 * half the pool that the container module reports (or Onramp's own ceiling, {@code
 * dev.onramp.websocket.maxInlineCallbackThreads}, when lower) may be held by such handlers; the other sends wait on
 * Onramp's callback threads. So every peer's handshake is still served, and a fresh client still gets its echo; and
 * when the peers go, every handler returns.
 *
 * <p>The servers are the suite's protected sample WAR in a Jetty and a Tomcat of their own (at {@value #CONTEXT},
 * started by the launcher with the small pool), apart from the suite's shared servers.
 */
@Timeout(180)
class SmallWorkerPoolIT {

    private static final int POOL = 10;
    private static final int PEERS = 2 * POOL;
    private static final String CONTEXT = "/pool";
    private static final String CEILING = "dev.onramp.websocket.maxInlineCallbackThreads";
    private static final String HANDLER = AttackEndpoints.StuckSend.class.getName();
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** What the peers ask: 16 MiB with a blocking send timeout beyond the test's own, so only their leaving ends it. */
    private static final String STUCK = "timeout 600000";

    /** Each container with the ceiling left at its default (64: half the pool applies) and set below half the pool. */
    static Stream<Arguments> cases() {
        return Arrays.stream(Container.values()).flatMap(c -> Stream.of(Arguments.of(c, 0), Arguments.of(c, 2)));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void slowReadersWhoseHandlersWaitInlineLeaveThePoolToOthers(Container container, int ceiling) throws Exception {
        Path webapp = ProtectedSampleWar.build();
        Map<String, String> settings = ceiling > 0 ? Map.of(CEILING, Integer.toString(ceiling)) : Map.of();
        try (SmallServer server = SmallServer.start(container, webapp, settings)) {
            int bound = ceiling > 0 ? Math.min(ceiling, server.poolForHandlers() / 2) : server.poolForHandlers() / 2;
            List<RawConnection> peers = new ArrayList<>();
            try {
                for (int i = 0; i < PEERS; i++) {
                    RawConnection peer = RawConnection.openWithReceiveBuffer(server.port(), 4096);
                    peers.add(peer);
                    RawConnection.Response r = peer.handshake(CONTEXT + "/attack/stuck-send");
                    assertThat(r.status()).as("the handshake of peer %d", i).isEqualTo(101);
                    peer.sendText(STUCK);
                }
                Await.until("every peer's handler waits in its send", WAIT, () -> handlerThreads().size() == PEERS);
                List<Thread> waiting = handlerThreads();
                long onWorkers = waiting.stream()
                        .filter(t -> !t.getName().startsWith("onramp-server-callback-")).count();
                System.out.printf("small pool %s (ceiling %s): %d of %d stuck handlers on the container's threads "
                        + "(bound %d)%n", container, ceiling > 0 ? ceiling : "default", onWorkers, PEERS, bound);
                assertThat(onWorkers).as("handlers waiting on the container's own threads").isLessThanOrEqualTo(bound);

                try (RawConnection fresh = RawConnection.upgraded(server.port(), CONTEXT + "/echo")) {
                    fresh.sendText("still served");
                    assertThat(fresh.readFrame().text()).isEqualTo("still served");
                }
            } finally {
                for (RawConnection p : peers) {
                    p.reset();
                }
            }
            Await.until("every stuck handler returned once its peer left", WAIT, () -> handlerThreads().isEmpty());
        }
    }

    /** The threads inside the stuck-send handler now, in any application of this JVM. */
    private static List<Thread> handlerThreads() {
        List<Thread> inside = new ArrayList<>();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            for (StackTraceElement e : stack) {
                if (e.getClassName().equals(HANDLER) && e.getMethodName().equals("onText")) {
                    inside.add(thread);
                    return;
                }
            }
        });
        return inside;
    }

    /** The WAR in a container of its own with a pool of {@value #POOL} threads. */
    private static final class SmallServer implements AutoCloseable {
        private final AutoCloseable stop;
        private final int port;
        private final int poolForHandlers;

        private SmallServer(AutoCloseable stop, int port, int poolForHandlers) {
            this.stop = stop;
            this.port = port;
            this.poolForHandlers = poolForHandlers;
        }

        static SmallServer start(Container container, Path webapp, Map<String, String> settings) throws Exception {
            if (container == Container.JETTY) {
                Server jetty = Launcher.start("127.0.0.1", 0, CONTEXT, webapp, Launcher.Io.NATIVE, settings, POOL);
                QueuedThreadPool pool = (QueuedThreadPool) jetty.getThreadPool();
                // the pool less the threads leased for good to the acceptor and the selector
                return new SmallServer(jetty::stop, ((ServerConnector) jetty.getConnectors()[0]).getLocalPort(),
                        pool.getMaxThreads() - pool.getLeasedThreads());
            }
            TomcatLauncher tomcat = TomcatLauncher.start("127.0.0.1", 0, CONTEXT, webapp, Launcher.Io.NATIVE,
                    settings, POOL);
            return new SmallServer(tomcat, tomcat.port(), POOL);
        }

        int port() {
            return port;
        }

        /** The threads of the container's pool that the container module reports to Onramp. */
        int poolForHandlers() {
            return poolForHandlers;
        }

        @Override
        public void close() throws Exception {
            stop.close();
        }
    }
}
