package dev.onramp.sample.adversarial;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, item 14 (run on both I/O paths: see the sample's failsafe executions): a peer that sends and then half-closes (TCP FIN, still reading). Every message received before the FIN is delivered and
 * answered before the connection ends, and a close frame sent before the FIN is answered with a close frame, as
 * Onramp does on Jetty and as the containers' own WebSocket servers do.
 */
@Timeout(60)
class HalfCloseIT {

    @RegisterExtension
    static final AttackedServers SERVERS = new AttackedServers();

    @ParameterizedTest
    @EnumSource(Container.class)
    void aMessageBeforeTheFinIsEchoed(Container container) throws Exception {
        try (RawConnection peer = RawConnection.upgraded(SERVERS.target(container).port(), Target.CONTEXT + "/echo")) {
            peer.sendText("before the fin");
            peer.shutdownOutput();
            assertThat(peer.readFrame().text()).isEqualTo("before the fin");
        }
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void aCloseBeforeTheFinIsAnswered(Container container) throws Exception {
        try (RawConnection peer = RawConnection.upgraded(SERVERS.target(container).port(), Target.CONTEXT + "/echo")) {
            peer.sendClose(1000);
            peer.shutdownOutput();
            assertThat(peer.awaitCloseFrame()).isEqualTo(1000);
        }
    }
}
