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
 * PENDING (issue 12, item 4; runs with {@code -Dadversarial.pending=true}; fails until phase B): peers that leave a
 * callback waiting in one of Onramp's own waits. Each peer sends the first fragment of a message to an endpoint that
 * reads messages as streams, and no more: the callback waits in the stream's read. The callback threads Onramp starts
 * stay under a ceiling whatever the number of such peers (today: one per peer), others are served meanwhile, and
 * when the peers leave everything is given back.
 *
 * <p>Slow readers (peers that take no bytes, so that a blocking send waits for room) belong here too; with today's
 * fixed 16 MiB outbound queue each costs the server more than 16 MiB before its send waits, so that variant waits for
 * the configurable queue of item 8.
 */
@Timeout(180)
class BlockedCallbacksPendingIT {

    @RegisterExtension
    static final AttackedServers SERVERS = new AttackedServers();

    private static final int PEERS = 300;
    /** The ceiling phase B is to set (a configurable default); here a placeholder well under one thread per peer. */
    private static final int MAX_CALLBACK_THREADS = 64;

    @ParameterizedTest
    @EnumSource(Container.class)
    void callbackThreadsStayUnderACeilingAndOthersAreServed(Container container) throws Exception {
        Target target = SERVERS.target(container);
        long mark = SERVERS.witness(container).echoed();
        int sessionsBefore = target.openSessionsButTheWitness();
        List<RawConnection> peers = new ArrayList<>();
        try {
            for (int i = 0; i < PEERS; i++) {
                RawConnection peer = RawConnection.upgraded(target.port(), Target.CONTEXT + "/attack/stream");
                peers.add(peer);
                peer.sendFrame(false, 0x1, "the first part".getBytes(StandardCharsets.UTF_8));
            }
            SERVERS.witness(container).assertServedSince(mark);
            long callbackThreads = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("onramp-server-callback-")).count();
            System.out.printf("blocked callbacks %s: %d peers, %d callback threads%n", container, PEERS,
                    callbackThreads);
            assertThat(callbackThreads).as("Onramp's callback threads").isLessThan(MAX_CALLBACK_THREADS);
            RawConnection last = peers.get(peers.size() - 1);
            last.sendFrame(true, 0x0, "and the rest".getBytes(StandardCharsets.UTF_8));
            assertThat(last.readFrame().text()).isEqualTo("length=26");
        } finally {
            for (RawConnection p : peers) {
                p.reset();
            }
        }
        target.awaitGivenBack(sessionsBefore, peers, Duration.ofSeconds(30));
    }
}
