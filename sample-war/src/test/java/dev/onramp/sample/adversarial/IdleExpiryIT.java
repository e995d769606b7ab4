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
 * Issue 12, item 6 (run on both I/O paths: see the sample's failsafe executions): the session's own idle timeout
 * governs an upgraded connection the same way in both containers. A peer that goes silent on a session with a 1 s
 * idle timeout is told 1001 (Going Away) no sooner than 1 s after its last message, and once it answers the close
 * the server drops TCP and gives the session back. (That activity restarts the clock, reads and writes that complete
 * alike, is the engine's, the same in every container: {@code CloseLifecycleTest}.)
 */
@Timeout(120)
class IdleExpiryIT {

    @RegisterExtension
    static final AttackedServers SERVERS = new AttackedServers();

    private static final String PATH = Target.CONTEXT + "/attack/idle";

    @ParameterizedTest
    @EnumSource(Container.class)
    void aSilentPeerIsToldGoingAwayAfterTheIdleTimeoutAndDropped(Container container) throws Exception {
        Target target = SERVERS.target(container);
        long mark = SERVERS.witness(container).echoed();
        int sessionsBefore = target.openSessionsButTheWitness();
        try (RawConnection peer = RawConnection.upgraded(target.port(), PATH)) {
            long lastSent = System.nanoTime(); // the server's last activity is after this
            peer.sendText("then silence");
            assertThat(peer.readFrame().text()).isEqualTo("then silence");
            assertThat(peer.awaitCloseFrame()).as("close code when idle").isEqualTo(1001);
            long idleMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastSent);
            System.out.printf("idle expiry %s: 1001 after %d ms of silence (timeout %d ms)%n", container, idleMs,
                    AttackEndpoints.Idle.TIMEOUT_MS);
            assertThat(idleMs).as("not before the idle timeout").isGreaterThanOrEqualTo(AttackEndpoints.Idle.TIMEOUT_MS);
            peer.sendClose(1001);
            assertThat(peer.awaitEnd(UnansweredCloseIT.BOUND_SECONDS)).as("the server dropped TCP").isTrue();
            target.awaitGivenBack(sessionsBefore, List.of(peer), Duration.ofSeconds(UnansweredCloseIT.BOUND_SECONDS));
        }
        SERVERS.witness(container).assertServedSince(mark);
    }
}
