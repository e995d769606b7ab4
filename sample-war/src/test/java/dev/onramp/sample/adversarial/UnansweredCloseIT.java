package dev.onramp.sample.adversarial;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Peers that never answer the server's close. RFC 6455 §7.1.1 lets the server drop TCP once it sent its close and
 * the peer's does not come: Onramp waits its close timeout (5 s) for it. Here the endpoint closes the session (1000)
 * when asked to, and the peer reads the close frame and then neither answers nor closes: the server must drop the
 * connection and give the session back within the close timeout and a margin for a busy machine.
 */
@Timeout(120)
class UnansweredCloseIT {

    @RegisterExtension
    static final AttackedServers SERVERS = new AttackedServers();

    /** The close timeout (5 s) and a margin. */
    static final long BOUND_SECONDS = 5 + 25;

    @ParameterizedTest
    @EnumSource(Container.class)
    void aPeerThatReadsTheCloseButNeverAnswersIsDroppedWithinTheCloseTimeout(Container container) throws Exception {
        Target target = SERVERS.target(container);
        long mark = SERVERS.witness(container).echoed();
        int sessionsBefore = target.openSessionsButTheWitness();
        try (RawConnection peer = RawConnection.upgraded(target.port(), Target.CONTEXT + "/attack/closer")) {
            peer.sendText("close 1000");
            assertThat(peer.awaitCloseFrame()).isEqualTo(1000);
            long closed = System.nanoTime();
            assertThat(peer.awaitEnd(BOUND_SECONDS)).as("the server dropped TCP").isTrue();
            System.out.printf("unanswered close %s: TCP dropped %d ms after the close frame%n", container,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closed));
            target.awaitGivenBack(sessionsBefore, List.of(peer), Duration.ofSeconds(BOUND_SECONDS));
        }
        SERVERS.witness(container).assertServedSince(mark);
    }
}
