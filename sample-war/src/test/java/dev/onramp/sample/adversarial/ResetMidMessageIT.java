package dev.onramp.sample.adversarial;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Peers that vanish with a TCP reset (RST) in the middle of things: halfway through a frame's payload, halfway through
 * a fragmented message, and right after sending a message the server is still echoing. The server must notice and
 * give everything back: its open sessions and the sockets it holds return to what they were, within a bounded time,
 * and the witness is served throughout.
 */
@Timeout(120)
class ResetMidMessageIT {

    @RegisterExtension
    static final AttackedServers SERVERS = new AttackedServers();

    private static final int PEERS = 60;

    @ParameterizedTest
    @EnumSource(Container.class)
    void peersThatResetMidMessageAreReclaimed(Container container) throws Exception {
        Target target = SERVERS.target(container);
        long mark = SERVERS.witness(container).echoed();
        int sessionsBefore = target.openSessionsButTheWitness();
        List<RawConnection> peers = new ArrayList<>();
        byte[] oneMebibyte = new byte[1024 * 1024];
        new Random(12).nextBytes(oneMebibyte);

        for (int i = 0; i < PEERS; i++) {
            RawConnection peer = RawConnection.upgraded(target.port(), Target.CONTEXT + "/echo");
            peers.add(peer);
            switch (i % 3) {
                // a binary frame that declares 64 KiB and brings 1 KiB
                case 0 -> peer.send(RawConnection.frameHead(true, 0, 0x2, 64 * 1024, new byte[1024]));
                // the first fragment of a text message
                case 1 -> peer.sendFrame(false, 0x1, "the first part".getBytes(StandardCharsets.UTF_8));
                // a whole 1 MiB message, whose echo the server is writing when the reset comes
                default -> peer.sendFrame(true, 0x2, oneMebibyte);
            }
            peer.reset();
        }
        target.awaitGivenBack(sessionsBefore, peers, Duration.ofSeconds(30));
        SERVERS.witness(container).assertServedSince(mark);
    }
}
