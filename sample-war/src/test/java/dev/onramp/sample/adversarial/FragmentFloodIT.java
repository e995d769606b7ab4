package dev.onramp.sample.adversarial;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fragment floods: one message in a great many frames. Empty continuation frames add nothing to the message, so they
 * must cost nothing that stays (no object per fragment); fragments that together pass the endpoint's limit close
 * the connection with 1009 (message too big), the limit counting the message, not the frame.
 */
@Timeout(120)
class FragmentFloodIT {

    @RegisterExtension
    static final AttackedServers SERVERS = new AttackedServers();

    private static final int EMPTY_FRAGMENTS = 100_000;
    /** Heap the server may keep for a message of two characters in {@link #EMPTY_FRAGMENTS} frames. */
    private static final long MAX_RETAINED = 4L * 1024 * 1024;
    /** The default limit of a text message, which the sample's {@code /guarded} keeps. */
    private static final int DEFAULT_LIMIT = 64 * 1024;

    @ParameterizedTest
    @EnumSource(Container.class)
    void emptyFragmentsKeepNoMemoryAndTheMessageStillArrivesWhole(Container container) throws Exception {
        Target target = SERVERS.target(container);
        long mark = SERVERS.witness(container).echoed();
        try (RawConnection peer = RawConnection.upgraded(target.port(), Target.CONTEXT + "/echo")) {
            long heapBefore = Heap.usedAfterGc();
            peer.sendFrame(false, 0x1, "a".getBytes(StandardCharsets.UTF_8));
            peer.sendRepeated(RawConnection.frame(false, 0, 0x0, new byte[0]), EMPTY_FRAGMENTS);
            // a ping inside the fragmented message is answered in order: once its pong is here, the server has read
            // every fragment before it
            peer.sendFrame(true, 0x9, "sync".getBytes(StandardCharsets.UTF_8));
            RawConnection.Frame pong = peer.readFrame();
            assertThat(pong.opcode()).isEqualTo(0xA);
            assertThat(pong.text()).isEqualTo("sync");
            long retained = Heap.usedAfterGc() - heapBefore;
            System.out.printf("fragments %s: %d empty fragments, %d bytes retained%n", container, EMPTY_FRAGMENTS,
                    retained);
            assertThat(retained).as("heap kept for the fragmented message").isLessThan(MAX_RETAINED);

            peer.sendFrame(true, 0x0, "b".getBytes(StandardCharsets.UTF_8));
            RawConnection.Frame echo = peer.readFrame();
            assertThat(echo.opcode()).isEqualTo(0x1);
            assertThat(echo.text()).isEqualTo("ab");
            peer.sendClose(1000);
            assertThat(peer.awaitCloseFrame()).isEqualTo(1000);
        }
        SERVERS.witness(container).assertServedSince(mark);
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void oneByteFragmentsPastTheLimitCloseWith1009(Container container) throws Exception {
        Target target = SERVERS.target(container);
        long mark = SERVERS.witness(container).echoed();
        try (RawConnection peer = RawConnection.upgraded(target.port(), Target.CONTEXT + "/guarded")) {
            byte[] one = {'x'};
            peer.sendFrame(false, 0x1, one);
            try {
                peer.sendRepeated(RawConnection.frame(false, 0, 0x0, one), DEFAULT_LIMIT); // a byte past the limit
            } catch (IOException closedAlready) {
                // the close frame is read next
            }
            assertThat(peer.awaitCloseFrame()).isEqualTo(1009);
        }
        SERVERS.witness(container).assertServedSince(mark);
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void fragmentsPastTheSamplesSixteenMebibyteLimitCloseWith1009(Container container) throws Exception {
        Target target = SERVERS.target(container);
        long mark = SERVERS.witness(container).echoed();
        try (RawConnection peer = RawConnection.upgraded(target.port(), Target.CONTEXT + "/echo")) {
            byte[] piece = new byte[64 * 1024];
            try {
                peer.sendFrame(false, 0x2, piece);
                // 16 MiB more: a piece past the limit in all
                peer.sendRepeated(RawConnection.frame(false, 0, 0x0, piece), 16 * 1024 * 1024 / piece.length);
            } catch (IOException closedAlready) {
                // the close frame is read next
            }
            assertThat(peer.awaitCloseFrame()).isEqualTo(1009);
        }
        SERVERS.witness(container).assertServedSince(mark);
    }
}
