package dev.onramp.spring.it;

import dev.onramp.testing.LiveHeap;
import dev.onramp.testing.RawWebSocket;
import dev.onramp.spring.it.app.WebSocketApplication;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Closed Spring WebSocket connections leave nothing behind: Spring Framework 7 upgrades every connection through
 * {@code ServerContainer.upgradeHttpToWebSocket} with a configuration of its own that holds the handler adapter and
 * Spring's session. Over 2,000 closed {@code @EnableWebSocket} connections, the live heap measured after a full
 * collection grows by less than 1 KiB per connection (Onramp once kept every configuration: about 42 KiB each).
 */
class SpringRetainedHeapIT {

    static final int CYCLES = 2_000;
    static final int WARM_UP = 300;
    static final long BOUND_PER_CONNECTION = 1024;

    @RegisterExtension
    static final AppsPerContainer APPS = new AppsPerContainer(WebSocketApplication.class);

    @ParameterizedTest
    @MethodSource("dev.onramp.spring.it.BootContainer#both")
    @Timeout(600)
    void closedSpringConnectionsLeaveNothingBehind(BootContainer container) throws Exception {
        RunningApp app = APPS.get(container);
        LiveHeap.Retained retained = LiveHeap.retainedBy(WARM_UP, CYCLES, n -> connectEchoAndClose(app, n));
        System.out.println("SpringRetainedHeapIT " + retained.report(container + ", closed connections"));
        assertThat(retained.perCycle()).as("bytes retained per closed connection on %s; grown most:%n%s", container,
                retained.grown()).isLessThan(BOUND_PER_CONNECTION);
    }

    private static void connectEchoAndClose(RunningApp app, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            try (RawWebSocket ws = RawWebSocket.upgrade(app.port(), "/handler", 20_000)) {
                ws.sendText("x");
                assertThat(ws.readFrame().text()).isEqualTo("x");
                ws.sendClose(1000);
                assertThat(ws.readFrame().closeCode()).isEqualTo(1000);
                assertThat(ws.read()).as("the server ends TCP after the close").isEqualTo(-1);
            }
        }
    }
}
