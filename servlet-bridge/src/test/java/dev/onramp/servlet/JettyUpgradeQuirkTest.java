package dev.onramp.servlet;

import dev.onramp.servlet.RawUpgradeServer.Kind;
import dev.onramp.websocket.transport.TransportHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins down a defect of Jetty 12.1.14's servlet upgrade (ee11) that decides which WebSocket clients Onramp can
 * serve on Jetty: when the upgrade request carries no {@code Content-Length} and the client sends nothing until
 * it has read the 101 (as WebSocket clients do; the JDK's client happens to send {@code Content-Length: 0}), the
 * upgraded input reports end-of-input at once and Jetty goes back to parsing HTTP on the connection. When this
 * test fails, Jetty has fixed it: drop the Jetty caveats (RawUpgradeServer.Kind.JETTY, EndToEndIT, run.sh).
 */
class JettyUpgradeQuirkTest {

    private RawUpgradeServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private CompletableFuture<String> start() throws Exception {
        CompletableFuture<String> firstEvent = new CompletableFuture<>();
        server = new RawUpgradeServer(Kind.JETTY, transport -> new TransportHandler() {
            @Override
            public void onData(ByteBuffer data) {
                firstEvent.complete("data");
            }

            @Override
            public void onEndOfInput() {
                firstEvent.complete("end of input");
            }

            @Override
            public void onFailure(Throwable cause) {
                firstEvent.complete("failure " + cause);
            }
        });
        return firstEvent;
    }

    @Test
    void withoutContentLengthTheUpgradedInputEndsBeforeTheClientSends() throws Exception {
        CompletableFuture<String> firstEvent = start();
        try (Socket socket = server.connect(new byte[] {'x'}, false, "")) {
            assertThat(firstEvent.get(10, TimeUnit.SECONDS)).isEqualTo("end of input");
        }
    }

    @Test
    void withContentLengthZeroTheTunnelWorks() throws Exception {
        CompletableFuture<String> firstEvent = start();
        try (Socket socket = server.connect(new byte[] {'x'}, false, "Content-Length: 0\r\n")) {
            assertThat(firstEvent.get(10, TimeUnit.SECONDS)).isEqualTo("data");
        }
    }
}
