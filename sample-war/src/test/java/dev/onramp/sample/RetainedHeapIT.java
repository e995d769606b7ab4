package dev.onramp.sample;

import dev.onramp.sample.ServerUnderTest.Kind;
import dev.onramp.testing.LiveHeap;
import dev.onramp.testing.RawWebSocket;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A connection that has closed leaves nothing behind in the server, also when a servlet upgraded it through
 * {@code ServerContainer.upgradeHttpToWebSocket} with a configuration it built for that request (the sample's
 * {@code /upgrade/NAME}, as Spring does for every connection): over 2,000 closed connections no configuration
 * survives, and the live heap, measured after a full collection, grows by less than 256 bytes per connection.
 * (Measured: about 4 bytes on Jetty; about 110 on Tomcat 11.0.15, of which 80 are Tomcat's own: its
 * {@code UpgradeProcessorExternal} never removes a connection's {@code UpgradeInfo} from the connector's statistics,
 * fixed in 11.0.25. Keeping every configuration, as Onramp once did, cost 660-730 bytes here and about 42 KiB
 * under Spring, where the configuration holds the session.)
 */
class RetainedHeapIT {

    static final int CYCLES = 2_000;
    /** Enough connections for the containers' pools and caches to reach their working size first. */
    static final int WARM_UP = 300;
    static final long BOUND_PER_CONNECTION = 256;
    static final String CONFIG_CLASS = "jakarta.websocket.server.DefaultServerEndpointConfig";

    @RegisterExtension
    static final ServersPerContainer SERVERS = new ServersPerContainer();

    @ParameterizedTest
    @MethodSource("dev.onramp.sample.ServersPerContainer#containers")
    @Timeout(600)
    void aClosedConnectionUpgradedByAServletLeavesNothingBehind(Kind kind) throws Exception {
        ServerUnderTest server = SERVERS.get(kind);
        LiveHeap.Retained retained = LiveHeap.retainedBy(WARM_UP, CYCLES, n -> connectEchoAndClose(server, n));
        System.out.println("RetainedHeapIT " + retained.report(kind + ", closed connections"));
        assertThat(retained.after().instances(CONFIG_CLASS) - retained.before().instances(CONFIG_CLASS))
                .as("configurations built by the upgrade servlet and still alive on %s", kind).isLessThan(CYCLES / 20);
        assertThat(retained.perCycle()).as("bytes retained per closed connection on %s; grown most:%n%s", kind,
                retained.grown()).isLessThan(BOUND_PER_CONNECTION);
    }

    /** Upgrades /upgrade/heap, echoes once, closes with 1000 and waits for the server to end TCP, {@code n} times. */
    private static void connectEchoAndClose(ServerUnderTest server, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            try (RawWebSocket ws = RawWebSocket.upgrade(server.port(), ServerUnderTest.CONTEXT + "/upgrade/heap",
                    20_000)) {
                ws.sendText("x");
                assertThat(ws.readFrame().text()).isEqualTo("heap: x");
                ws.sendClose(1000);
                assertThat(ws.readFrame().closeCode()).isEqualTo(1000);
                assertThat(ws.read()).as("the server ends TCP after the close").isEqualTo(-1);
            }
        }
    }
}
