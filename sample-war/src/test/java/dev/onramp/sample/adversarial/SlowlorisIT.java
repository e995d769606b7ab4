package dev.onramp.sample.adversarial;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slowloris: many connections that begin an upgrade request and never finish its head. The head never reaches
 * Onramp (the container is still reading it), so what bounds the attack is the container's own read timeout on a
 * request head (Jetty's connector idle timeout, 30 s by default; Tomcat's {@code connectionTimeout}, 60 s when not
 * set): every stalled connection must be dropped by then. While they hang, the server keeps serving others (a new
 * client's echo, the witness) and spends no thread per stalled connection.
 *
 * <p>The stalled connections are opened on both servers at once before the tests, so that the two waits overlap.
 * A peer that keeps trickling a byte now and then is not bounded by either container (each byte restarts the
 * timeout; the containers' connection limits are the defence): see the README's "Security and limits".
 */
@Timeout(180)
class SlowlorisIT {

    @RegisterExtension
    static final AttackedServers SERVERS = new AttackedServers();

    private static final int STALLED = 200;
    /** The container's timeout for a request head, plus a margin for a busy machine. */
    private static final Map<Container, Long> BOUND_SECONDS = Map.of(Container.JETTY, 30L + 30,
            Container.TOMCAT, 60L + 30);

    private static final Map<Container, List<RawConnection>> STALLS = new EnumMap<>(Container.class);
    private static final Map<Container, Integer> THREADS_BEFORE = new EnumMap<>(Container.class);
    private static long stalledAt;

    @BeforeAll
    static void stall() throws IOException {
        for (Container c : Container.values()) {
            THREADS_BEFORE.put(c, Thread.activeCount());
            List<RawConnection> stalls = new ArrayList<>();
            for (int i = 0; i < STALLED; i++) {
                RawConnection s = RawConnection.open(SERVERS.target(c).port());
                // a request head without its end: no blank line ever follows
                s.send("GET " + Target.CONTEXT + "/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n");
                stalls.add(s);
            }
            STALLS.put(c, stalls);
        }
        stalledAt = System.nanoTime();
    }

    @AfterAll
    static void close() throws IOException {
        for (List<RawConnection> stalls : STALLS.values()) {
            for (RawConnection s : stalls) {
                s.close();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void stalledHandshakesAreDroppedByTheContainersTimeoutAndOthersAreServedMeanwhile(Container container)
            throws Exception {
        Target target = SERVERS.target(container);
        long mark = SERVERS.witness(container).echoed();
        // others are served while the stalled connections hang
        try (RawConnection other = RawConnection.upgraded(target.port(), Target.CONTEXT + "/echo")) {
            other.sendText("still here");
            assertThat(other.readFrame().text()).isEqualTo("still here");
            other.sendClose(1000);
            assertThat(other.awaitCloseFrame()).isEqualTo(1000);
        }
        SERVERS.witness(container).assertServedSince(mark);
        // a server that parked a thread per stalled connection would have added at least STALLED; the containers'
        // pools grow somewhat with the burst of arrivals, then wait for work
        assertThat(Thread.activeCount() - THREADS_BEFORE.get(container))
                .as("threads added while %d connections stall", STALLED).isLessThan(STALLED / 2);

        long deadline = stalledAt + TimeUnit.SECONDS.toNanos(BOUND_SECONDS.get(container));
        int dropped = 0;
        for (RawConnection s : STALLS.get(container)) {
            long left = TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime());
            if (s.awaitEnd(Math.max(1, left))) {
                dropped++;
            }
        }
        System.out.printf("slowloris %s: %d of %d stalled connections dropped after %d s%n", container, dropped,
                STALLED, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - stalledAt));
        assertThat(dropped).as("stalled connections the server dropped within %d s", BOUND_SECONDS.get(container))
                .isEqualTo(STALLED);
        SERVERS.witness(container).assertServedSince(SERVERS.witness(container).echoed());
    }
}
