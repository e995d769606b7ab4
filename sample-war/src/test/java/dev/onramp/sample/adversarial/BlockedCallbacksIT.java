package dev.onramp.sample.adversarial;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, item 4: peers that leave a callback waiting in one of Onramp's own waits. Each peer sends the first
 * fragment of a message to an endpoint that reads messages as streams, and no more: the callback waits in the stream's
 * read. The callback threads Onramp starts stay under the application's ceiling (the suite's {@code web.xml} sets
 * {@code dev.onramp.websocket.maxCallbackThreads} to {@value #CEILING}) whatever the number of such peers (before the
 * ceiling: one per peer); at the ceiling the waits that lasted longest are ended, so others are served meanwhile, a
 * new stream client included; and when the peers leave everything is given back.
 *
 * <p>Slow readers (peers that take no bytes, so that a blocking send waits for room) meet the same ceiling (their
 * sends wait in Onramp's queue wait, which the ceiling ends alike); the unit test {@code CallbackPoolCeilingTest}
 * covers every kind of wait.
 */
@Timeout(180)
class BlockedCallbacksIT {

    @RegisterExtension
    static final AttackedServers SERVERS = new AttackedServers();

    private static final int PEERS = 300;
    /** The suite's ceiling of callback threads per application (its {@code web.xml}). */
    private static final int CEILING = 32;

    @ParameterizedTest
    @EnumSource(Container.class)
    void callbackThreadsStayUnderACeilingAndOthersAreServed(Container container) throws Exception {
        Target target = SERVERS.target(container);
        long mark = SERVERS.witness(container).echoed();
        int sessionsBefore = target.openSessionsButTheWitness();
        // the witnesses' own callbacks (both containers run in this JVM) hold a few threads already
        long threadsBefore = callbackThreads();
        List<RawConnection> peers = new ArrayList<>();
        try {
            for (int i = 0; i < PEERS; i++) {
                RawConnection peer = RawConnection.upgraded(target.port(), Target.CONTEXT + "/attack/stream");
                peers.add(peer);
                peer.sendFrame(false, 0x1, "the first part".getBytes(StandardCharsets.UTF_8));
            }
            SERVERS.witness(container).assertServedSince(mark);
            long threadsDuring = callbackThreads();
            System.out.printf("blocked callbacks %s: %d peers, %d callback threads (%d before)%n", container, PEERS,
                    threadsDuring, threadsBefore);
            assertThat(threadsDuring - threadsBefore).as("callback threads the peers added").isLessThanOrEqualTo(CEILING);
            RawConnection fresh = RawConnection.upgraded(target.port(), Target.CONTEXT + "/attack/stream");
            peers.add(fresh);
            fresh.sendFrame(false, 0x1, "the first part".getBytes(StandardCharsets.UTF_8));
            fresh.sendFrame(true, 0x0, "and the rest".getBytes(StandardCharsets.UTF_8));
            assertThat(fresh.readFrame().text()).as("a stream client that finishes its message").isEqualTo("length=26");
        } finally {
            for (RawConnection p : peers) {
                p.reset();
            }
        }
        target.awaitGivenBack(sessionsBefore, peers, Duration.ofSeconds(30));
    }

    private static long callbackThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("onramp-server-callback-")).count();
    }
}
