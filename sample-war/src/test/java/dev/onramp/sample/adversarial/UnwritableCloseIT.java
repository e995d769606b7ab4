package dev.onramp.sample.adversarial;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;

/**
 * Issue 12, item 5: a close that cannot be written still ends the connection (the close timer starts when the close
 * is decided, not once its frame is written). The peer reads nothing (a 4 KiB receive buffer), the endpoint queues 24 MiB
 * of asynchronous sends and then closes the session: the close frame sits behind data the peer never takes. The
 * server must drop TCP and give the session back within the close timeout (5 s) counted from the close, and a margin,
 * without the peer reading a byte (the server's socket is watched from the kernel's table).
 */
@Timeout(120)
class UnwritableCloseIT {

    @RegisterExtension
    static final AttackedServers SERVERS = new AttackedServers();

    @ParameterizedTest
    @EnumSource(Container.class)
    void aCloseStuckBehindUnreadDataStillEndsTheConnection(Container container) throws Exception {
        Target target = SERVERS.target(container);
        long mark = SERVERS.witness(container).echoed();
        int sessionsBefore = target.openSessionsButTheWitness();
        try (RawConnection peer = RawConnection.openWithReceiveBuffer(target.port(), 4096)) {
            RawConnection.Response r = peer.handshake(Target.CONTEXT + "/attack/flood-then-close");
            if (r.status() != 101) {
                throw new AssertionError("no upgrade: " + r.status());
            }
            peer.sendText("384"); // 384 x 64 KiB
            // the server must drop the connection whose close it could not write
            target.awaitGivenBack(sessionsBefore, List.of(peer),
                    Duration.ofSeconds(UnansweredCloseIT.BOUND_SECONDS - 10));
        }
        SERVERS.witness(container).assertServedSince(mark);
    }
}
