package dev.onramp.bench.load;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every workload of the load generator against the raw TCP echo server in its own JVM, as the runner does:
 * each workload must complete real round trips with no protocol error. Durations are short and nothing is judged
 * on speed.
 */
class LoadAgainstTcpEchoTest {

    private static final long SHORT = TimeUnit.MILLISECONDS.toNanos(300);

    @TempDir
    static Path logs;

    private static ServerProcess server;

    @BeforeAll
    static void start() throws Exception {
        ServerProcess.Spec spec = new ServerProcess.Spec("tcp", "raw TCP echo",
                "dev.onramp.bench.servers.TcpEchoServer", System.getProperty("java.class.path"));
        server = ServerProcess.start(spec, 1 << 16, List.of("-Xmx64m"), null, logs.resolve("tcp.log"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void requestResponseTextEchoesAndRecordsLatency() throws Exception {
        EchoLoad.Result r = new EchoLoad(FrameScanner.TEXT, 64, 1).run(server.address(), 3, 0, SHORT);
        assertThat(r.errors()).as(String.valueOf(r.firstError())).isZero();
        assertThat(r.messages()).isPositive();
        assertThat(r.latencyNanos().getTotalCount()).isEqualTo(r.messages());
        assertThat(r.payloadBytes()).isEqualTo(64 * r.messages());
    }

    @Test
    void pipelinedAndLargeBinaryEchoes() throws Exception {
        EchoLoad.Result pipelined = new EchoLoad(FrameScanner.TEXT, 64, 32).run(server.address(), 4, 0, SHORT);
        assertThat(pipelined.errors()).as(String.valueOf(pipelined.firstError())).isZero();
        assertThat(pipelined.messages()).isPositive();
        EchoLoad.Result binary = new EchoLoad(FrameScanner.BINARY, 1 << 20, 1).run(server.address(), 2, 0, SHORT);
        assertThat(binary.errors()).as(String.valueOf(binary.firstError())).isZero();
        assertThat(binary.payloadBytes()).isEqualTo((1L << 20) * binary.messages()).isPositive();
    }

    @Test
    void handshakeLoopsCompleteTheCloseHandshake() throws Exception {
        HandshakeLoad.Result r = new HandshakeLoad(server.address()).run(4, 0, SHORT);
        assertThat(r.errors()).as(String.valueOf(r.firstError())).isZero();
        assertThat(r.handshakes()).isPositive();
    }

    @Test
    void idleConnectionsAreOpenedAndTheServerWeighed() throws Exception {
        long before = server.retainedHeapBytes();
        try (IdleLoad idle = new IdleLoad(server.address())) {
            assertThat(idle.open(300, TimeUnit.SECONDS.toNanos(60))).isEqualTo(300);
            assertThat(idle.firstError()).isNull();
            // the TCP echo keeps a 64 KiB buffer per connection: 300 of them are far above the noise
            assertThat(server.retainedHeapBytes() - before).isGreaterThan(300L * 60 * 1024);
        }
    }

    @Test
    void refusedHandshakeIsAnErrorNotAResult() throws Exception {
        // nothing listens here once the socket is closed: connection refused must surface as an error
        java.net.InetSocketAddress nowhere;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            nowhere = new java.net.InetSocketAddress("127.0.0.1", s.getLocalPort());
        }
        EchoLoad.Result r = new EchoLoad(FrameScanner.TEXT, 64, 1).run(nowhere, 1, 0, SHORT);
        assertThat(r.errors()).isPositive();
        assertThat(r.messages()).isZero();
    }
}
