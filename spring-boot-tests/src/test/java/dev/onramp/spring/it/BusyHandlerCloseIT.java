package dev.onramp.spring.it;

import dev.onramp.testing.Frames;
import dev.onramp.testing.RawWebSocket;
import dev.onramp.spring.it.app.Handlers;
import dev.onramp.spring.it.app.WebSocketApplication;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The peer's close arrives while a Spring handler is busy with the previous message, the usual case under Spring:
 * the close handshake then completes on the application's thread, not inside a container callback. The server must
 * still end the TCP connection promptly: stock Tomcat keeps the socket until the peer gives up, which the starter
 * prevents by giving Boot's connector {@code onramp-tomcat-upgrade-fix}'s protocol. The socket's read timeout
 * (10 s) is the only bound asserted; the time from the handler's return to the end of TCP is printed.
 */
class BusyHandlerCloseIT {

    static final int ROUNDS = 20;

    @RegisterExtension
    static final AppsPerContainer APPS = new AppsPerContainer(WebSocketApplication.class);

    @ParameterizedTest
    @MethodSource("dev.onramp.spring.it.BootContainer#both")
    @Timeout(300)
    void aCloseThatArrivesWhileTheHandlerIsBusyEndsTcp(BootContainer container) throws Exception {
        RunningApp app = APPS.get(container);
        Handlers.BusyHandler handler = app.bean(Handlers.BusyHandler.class);
        List<Long> micros = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            try (RawWebSocket ws = RawWebSocket.upgrade(app.port(), "/busy", 10_000)) {
                ws.sendText("block");
                CountDownLatch release = handler.awaitBusy();
                ws.sendClose(1000); // arrives while the handler is busy
                long released = System.nanoTime();
                release.countDown();
                assertThat(ws.readFrame().text()).isEqualTo("done");
                Frames.Frame close = ws.readFrame();
                assertThat(close.opcode()).isEqualTo(0x8);
                assertThat(close.closeCode()).isEqualTo(1000);
                assertThat(ws.read()).as("the server ends TCP (round %d)", round).isEqualTo(-1);
                micros.add(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - released));
            }
        }
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        System.out.printf("BusyHandlerCloseIT %s: handler released -> EOF over %d rounds: median %,d us, max %,d us;"
                + " in order (us): %s%n", container, ROUNDS, sorted.get(ROUNDS / 2), sorted.get(ROUNDS - 1), micros);
    }
}
