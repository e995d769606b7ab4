package dev.onramp.sample.adversarial;

import dev.onramp.testing.TestThreads;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, item 7: a flood of unsolicited pongs to an endpoint whose pong handler is behind (it holds the first pong
 * until told to go on). Reading must pause while the handler is behind, as it does for messages, so the heap the
 * server keeps for pongs read but not yet handled stays bounded (before the fix, one task per pong was queued
 * without bound); once the handler goes on, every pong is handled.
 */
@Timeout(180)
class PongFloodIT {

    @RegisterExtension
    static final AttackedServers SERVERS = new AttackedServers();

    private static final int PONGS = 300_000;
    private static final long MAX_RETAINED = 8L * 1024 * 1024;

    @ParameterizedTest
    @EnumSource(Container.class)
    void pongsThatWaitForTheHandlerKeepBoundedMemory(Container container) throws Exception {
        Target target = SERVERS.target(container);
        long mark = SERVERS.witness(container).echoed();
        try (RawConnection peer = RawConnection.upgraded(target.port(), Target.CONTEXT + "/attack/pongs");
                RawConnection opener = RawConnection.upgraded(target.port(), Target.CONTEXT + "/attack/pongs")) {
            long heapBefore = Heap.usedAfterGc();
            CompletableFuture<Void> flood = TestThreads.run(() -> sendPongs(peer));
            try {
                flood.get(10, TimeUnit.SECONDS); // a server that stops reading holds the rest back: no failure
            } catch (TimeoutException heldBack) {
                // the flood goes on once the handler does
            }
            long retained = Heap.usedAfterGc() - heapBefore;
            System.out.printf("pong flood %s: %d pongs (all sent: %b), %s retained%n", container, PONGS,
                    flood.isDone(), Heap.mib(retained));
            assertThat(retained).as("heap kept for pongs not yet handled").isLessThan(MAX_RETAINED);
            opener.sendText("open");
            assertThat(opener.readFrame().text()).isEqualTo("opened");
            flood.get(60, TimeUnit.SECONDS);
            peer.sendText("pongs?");
            assertThat(peer.readFrame().text()).isEqualTo("pongs=" + PONGS);
        }
        SERVERS.witness(container).assertServedSince(mark);
    }

    private static void sendPongs(RawConnection peer) {
        try {
            peer.sendRepeated(RawConnection.frame(true, 0, 0xA, new byte[16]), PONGS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
