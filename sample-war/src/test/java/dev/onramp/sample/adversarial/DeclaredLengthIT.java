package dev.onramp.sample.adversarial;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, item 2: frames that declare far more than they bring. Sixteen peers each send a 14-byte head declaring
 * just under the sample's 16 MiB limit, and 1 KiB of payload. Memory must follow the bytes received: the heap the server keeps for the sixteen half frames
 * stays a small multiple of what they sent, not sixteen times the declared length (before the fix: about 16 MiB
 * each, reserved at the header).
 */
@Timeout(120)
class DeclaredLengthIT {

    @RegisterExtension
    static final AttackedServers SERVERS = new AttackedServers();

    private static final int PEERS = 16;
    private static final long DECLARED = 16L * 1024 * 1024 - 1;
    /** Heap the sixteen half frames may keep in all: 1 MiB each, more than 1,000 times what each one sent. */
    private static final long MAX_RETAINED = PEERS * 1024L * 1024;

    @ParameterizedTest
    @EnumSource(Container.class)
    void memoryFollowsTheBytesReceivedNotTheDeclaredLength(Container container) throws Exception {
        Target target = SERVERS.target(container);
        long mark = SERVERS.witness(container).echoed();
        long heapBefore = Heap.usedAfterGc();
        List<RawConnection> peers = new ArrayList<>();
        try {
            for (int i = 0; i < PEERS; i++) {
                RawConnection peer = RawConnection.upgraded(target.port(), Target.CONTEXT + "/echo");
                peer.send(RawConnection.frameHead(true, 0, 0x2, DECLARED, new byte[1024]));
                peers.add(peer);
            }
            SERVERS.witness(container).assertServedSince(mark); // the half frames are read by now
            long retained = Heap.usedAfterGc() - heapBefore;
            System.out.printf("declared length %s: %d peers declared %d bytes each, sent 1 KiB; %s retained%n",
                    container, PEERS, DECLARED, Heap.mib(retained));
            assertThat(retained).as("heap kept for %d half frames", PEERS).isLessThan(MAX_RETAINED);
        } finally {
            for (RawConnection p : peers) {
                p.reset();
            }
        }
    }
}
