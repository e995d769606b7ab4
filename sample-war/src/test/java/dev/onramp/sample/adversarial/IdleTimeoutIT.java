package dev.onramp.sample.adversarial;

import dev.onramp.testing.TestThreads;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, item 6 (run on both I/O paths: see the sample's failsafe executions): Onramp's own timeouts govern an
 * upgraded connection, not the container's. A connection that echoes a message every 200 ms for 40 s outlives Jetty's
 * 30 s timeouts (the connector's idle timeout on the native path, the asynchronous cycle Jetty starts for a servlet
 * upgrade on the servlet path; both dropped the connection at 30 s without a close frame).
 */
@Timeout(120)
class IdleTimeoutIT {

    @RegisterExtension
    static final AttackedServers SERVERS = new AttackedServers();

    @ParameterizedTest
    @EnumSource(Container.class)
    void aBusyConnectionOutlivesTheContainersIdleTimeout(Container container) throws Exception {
        try (RawConnection peer = RawConnection.upgraded(SERVERS.target(container).port(), Target.CONTEXT + "/echo")) {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            for (int i = 0; System.nanoTime() < end; i++) {
                peer.sendText("busy " + i);
                assertThat(peer.readFrame().text()).isEqualTo("busy " + i);
                // the scenario's pace, not a wait for anything
                TestThreads.runAfter(200, TimeUnit.MILLISECONDS, () -> { }).get(20, TimeUnit.SECONDS);
            }
            peer.sendClose(1000);
            assertThat(peer.awaitCloseFrame()).isEqualTo(1000);
        }
    }
}
