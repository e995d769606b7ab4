package dev.onramp.bench.load;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTest {

    private static final List<ServerProcess.Spec> SERVERS = List.of(
            new ServerProcess.Spec("onramp", "Onramp", "x", "cp", List.of(), List.of("jetty")),
            new ServerProcess.Spec("jetty", "Jetty", "x", "cp"));

    @Test
    void tableHoldsMediansSpreadAndRatios() {
        Report report = new Report(SERVERS);
        for (double v : new double[] {900, 1000, 1100}) {
            report.add(Row.ECHO_1_RATE, "onramp", v);
        }
        report.add(Row.ECHO_1_RATE, "jetty", 500);
        report.add(Row.ECHO_1_RATE, "jetty", 500);
        String md = report.markdown();
        assertThat(md).contains("| (a) 64 B text echo, 1 conn | msg/s | 1,000 ±10% | 500 ±0% |");
        assertThat(md).contains("| (a) 64 B text echo, 1 conn | 2.00× |");
    }

    @Test
    void failuresBecomeFootnotes() {
        Report report = new Report(SERVERS);
        report.add(Row.HANDSHAKES, "onramp", 10);
        report.fail(Row.HANDSHAKES, "jetty", "refused");
        String md = report.markdown();
        assertThat(md).contains("| failed [1] |").contains("[1] refused");
        assertThat(md).contains("| (d) handshakes (connect, upgrade, close), 16 loops | — |");
    }
}
