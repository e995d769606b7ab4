package dev.onramp.sample.adversarial;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;

/**
 * Issue 15 (with issue 12, item 5): a message handler stuck in a blocking send of 16 MiB to a peer that reads nothing
 * (a 4 KiB receive buffer). On the native I/O paths the handler runs on the container's own read thread; on whatever
 * thread it runs, the send must end as soon as Onramp gives up on the connection, not at the default blocking send
 * timeout (60 s): when the session is closed from another thread while the send waits (the close timer drops TCP
 * within the close timeout, 5 s, and the send fails), and when the session's own blocking send timeout (2 s here)
 * passes. Either way the server drops TCP and gives the session back within the same bound as
 * {@link UnwritableCloseIT}, without the peer reading a byte.
 */
@Timeout(120)
class StuckBlockingSendIT {

    @RegisterExtension
    static final AttackedServers SERVERS = new AttackedServers();

    /** The close timeout and a margin for a busy machine; far below the default blocking send timeout (60 s). */
    private static final Duration BOUND = Duration.ofSeconds(UnansweredCloseIT.BOUND_SECONDS - 10);

    @ParameterizedTest
    @EnumSource(Container.class)
    void aCloseDecidedWhileAHandlerWaitsInABlockingSendEndsTheConnection(Container container) throws Exception {
        stuckSendEnds(container, "close-in 500");
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void aBlockingSendThatOutlivesTheSessionsOwnTimeoutEndsTheConnection(Container container) throws Exception {
        stuckSendEnds(container, "timeout 2000");
    }

    private static void stuckSendEnds(Container container, String command) throws Exception {
        Target target = SERVERS.target(container);
        long mark = SERVERS.witness(container).echoed();
        int sessionsBefore = target.openSessionsButTheWitness();
        try (RawConnection peer = RawConnection.openWithReceiveBuffer(target.port(), 4096)) {
            RawConnection.Response r = peer.handshake(Target.CONTEXT + "/attack/stuck-send");
            if (r.status() != 101) {
                throw new AssertionError("no upgrade: " + r.status());
            }
            peer.sendText(command);
            target.awaitGivenBack(sessionsBefore, List.of(peer), BOUND);
        }
        SERVERS.witness(container).assertServedSince(mark);
    }
}
