package dev.onramp.bench.load;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The end-to-end runner: starts each server under test in its own JVM, runs every workload against it, and
 * interleaves the servers round after round (A B C D, A B C D, ...) so drifting machine load spreads over all of
 * them. Each workload warms up before it measures. Prints the markdown table of medians, spread and ratios; exits 1
 * if an echo or handshake workload saw a protocol error (that is all the smoke mode checks). Run it through
 * {@code benchmarks/run.sh}, which builds the classpath files this class reads.
 */
public final class Matrix {

    private static final int MIB16 = 16 * 1024 * 1024;
    private static final int KIB64 = 64 * 1024;
    /** Onramp's switch for native I/O (a system property here, as each server has its own JVM). */
    private static final String NATIVE_IO_SETTING = "dev.onramp.websocket.nativeIo";

    /** Durations and sizes of one mode. */
    private record Mode(String name, int rounds, double warmupSeconds, double measureSeconds, int idleConnections,
                        boolean limit64) {
    }

    private final Mode mode;
    private final List<ServerProcess.Spec> servers;
    private final List<String> jvmFlags;
    private final String pinServer;
    private final Path logs;
    private final Report report;
    private final boolean jfr;
    private List<String> workloads = List.of("a1", "a100", "b", "c", "d", "e");
    private boolean protocolErrors;
    private int started;

    private Matrix(Mode mode, List<ServerProcess.Spec> servers, List<String> jvmFlags, String pinServer, Path logs,
                   boolean jfr) {
        this.mode = mode;
        this.servers = servers;
        this.jvmFlags = jvmFlags;
        this.pinServer = pinServer;
        this.logs = logs;
        this.jfr = jfr;
        this.report = new Report(servers);
    }

    /**
     * Arguments: {@code --smoke | --quick | --full} (default full), {@code --target DIR} (benchmarks/target),
     * {@code --rounds N}, {@code --warmup SECONDS} and {@code --measure SECONDS} (each workload's phases; e.g. a long
     * warm-up to measure the handshake rate once the JIT has settled), {@code --servers onramp,onramp-servlet,onramp-tomcat,onramp-tomcat-servlet,jetty,tomcat,tcp}, {@code --pin-server CPUS} (taskset list for the
     * server JVMs), {@code --heap "FLAGS"}, {@code --jfr} (record a JFR profile of every Onramp server JVM, named after its key),
     * {@code --workloads a1,a100,b,c,d,e} (a subset, e.g. to profile one), {@code --out FILE} (also write the table
     * there).
     */
    public static void main(String[] args) throws Exception {
        Mode mode = new Mode("full", 3, 2, 5, 10_000, true);
        Path target = Path.of("benchmarks", "target");
        String pin = null;
        String heap = "-Xms1g -Xmx6g -XX:+UseG1GC";
        List<String> wanted = List.of("onramp", "onramp-servlet", "onramp-tomcat", "onramp-tomcat-servlet", "jetty",
                "tomcat", "tcp");
        List<String> workloads = null;
        Integer rounds = null;
        Double warmup = null;
        Double measure = null;
        Path out = null;
        boolean jfr = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke" -> mode = new Mode("smoke", 1, 0.2, 0.5, 50, false);
                case "--quick" -> mode = new Mode("quick", 1, 1, 2, 1_000, true);
                case "--full" -> mode = new Mode("full", 3, 2, 5, 10_000, true);
                case "--target" -> target = Path.of(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Double.parseDouble(args[++i]);
                case "--measure" -> measure = Double.parseDouble(args[++i]);
                case "--servers" -> wanted = Arrays.asList(args[++i].split(","));
                case "--pin-server" -> pin = args[++i];
                case "--heap" -> heap = args[++i];
                case "--jfr" -> jfr = true;
                case "--workloads" -> workloads = Arrays.asList(args[++i].split(","));
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (rounds != null || warmup != null || measure != null) {
            mode = new Mode(mode.name(), rounds != null ? rounds : mode.rounds(),
                    warmup != null ? warmup : mode.warmupSeconds(), measure != null ? measure : mode.measureSeconds(),
                    mode.idleConnections(), mode.limit64());
        }
        List<ServerProcess.Spec> servers = new ArrayList<>();
        for (ServerProcess.Spec spec : specs(target)) {
            if (wanted.contains(spec.key())) {
                servers.add(spec);
            }
        }
        Matrix matrix = new Matrix(mode, servers, Arrays.asList(heap.trim().split("\\s+")), pin,
                target.resolve("e2e-logs"), jfr);
        if (workloads != null) {
            matrix.workloads = workloads;
        }
        String table = matrix.run(target);
        System.out.println();
        System.out.println(table);
        if (out != null) {
            Files.writeString(out, table);
        }
        System.exit(matrix.protocolErrors ? 1 : 0);
    }

    /**
     * The servers, Onramp first. Onramp runs on its container module's native I/O (as wherever the module is installed)
     * and, in the {@code -servlet} columns, on the portable servlet path (native I/O turned off by its system property).
     */
    static List<ServerProcess.Spec> specs(Path target) throws IOException {
        String classes = target.resolve("classes").toAbsolutePath().toString();
        List<String> servletIo = List.of("-D" + NATIVE_IO_SETTING + "=false");
        String onrampJetty = classpath(classes, target, "onramp-jetty");
        String onrampTomcat = classpath(classes, target, "onramp");
        List<ServerProcess.Spec> all = List.of(
                new ServerProcess.Spec("onramp", "Onramp (in Jetty 12, native I/O)",
                        "dev.onramp.bench.servers.JettyEchoServer", onrampJetty, List.of(),
                        List.of("jetty", "onramp-servlet", "tcp")),
                new ServerProcess.Spec("onramp-servlet", "Onramp (in Jetty 12, servlet I/O)",
                        "dev.onramp.bench.servers.JettyEchoServer", onrampJetty, servletIo, List.of("jetty")),
                new ServerProcess.Spec("onramp-tomcat", "Onramp (in Tomcat 11, native I/O)",
                        "dev.onramp.bench.servers.TomcatEchoServer", onrampTomcat, List.of(),
                        List.of("tomcat", "onramp-tomcat-servlet")),
                new ServerProcess.Spec("onramp-tomcat-servlet", "Onramp (in Tomcat 11, servlet I/O)",
                        "dev.onramp.bench.servers.TomcatEchoServer", onrampTomcat, servletIo, List.of("tomcat")),
                new ServerProcess.Spec("jetty", "Jetty 12 (own)", "dev.onramp.bench.servers.JettyEchoServer",
                        classpath(classes, target, "jetty")),
                new ServerProcess.Spec("tomcat", "Tomcat 11 (own)", "dev.onramp.bench.servers.TomcatEchoServer",
                        classpath(classes, target, "tomcat")),
                new ServerProcess.Spec("tcp", "raw TCP echo", "dev.onramp.bench.servers.TcpEchoServer", classes));
        List<ServerProcess.Spec> available = new ArrayList<>();
        for (ServerProcess.Spec spec : all) {
            if (spec.classpath() == null) {
                log("%s skipped: %s is missing (build with benchmarks/run.sh)", spec.label(),
                        target.resolve("classpath-" + spec.key() + ".txt"));
            } else {
                available.add(spec);
            }
        }
        return available;
    }

    private static String classpath(String classes, Path target, String name) throws IOException {
        Path file = target.resolve("classpath-" + name + ".txt");
        if (!Files.exists(file)) {
            return null;
        }
        return classes + java.io.File.pathSeparator + Files.readString(file).trim();
    }

    private String run(Path target) throws Exception {
        long begin = System.nanoTime();
        log("mode %s: %d round(s), warm-up %.1f s, measure %.1f s per workload, %d idle connections; servers %s;"
                        + " server JVM flags %s; server pinned to cpus %s",
                mode.name(), mode.rounds(), mode.warmupSeconds(), mode.measureSeconds(), mode.idleConnections(),
                servers.stream().map(ServerProcess.Spec::key).toList(), jvmFlags, pinServer == null ? "-" : pinServer);
        for (int round = 1; round <= mode.rounds(); round++) {
            for (ServerProcess.Spec server : servers) {
                log("round %d: %s", round, server.label());
                try (ServerProcess process = start(server, MIB16)) {
                    log("  %s", process.implementation());
                    measureTraffic(server, process.address());
                    if (workloads.contains("e")) {
                        measureIdle(Row.IDLE_16MIB, server, process);
                    }
                } catch (IOException e) {
                    report.fail(Row.ECHO_1_RATE, server.key(), e.getMessage());
                    protocolErrors = true;
                    log("  FAILED: %s", e);
                }
            }
            if (mode.limit64() && workloads.contains("e")) {
                for (ServerProcess.Spec server : servers) {
                    log("round %d: %s at a 64 KiB limit", round, server.label());
                    try (ServerProcess process = start(server, KIB64)) {
                        measureIdle(Row.IDLE_64KIB, server, process);
                    } catch (IOException e) {
                        report.fail(Row.IDLE_64KIB, server.key(), e.getMessage());
                        log("  FAILED: %s", e);
                    }
                }
            }
        }
        report.note(String.format(Locale.ROOT, "mode %s, %d round(s) (median ±half-range), warm-up %.1f s + %.1f s"
                        + " measured per workload; %s limits on text and binary unless the row says otherwise;"
                        + " server JVMs `%s`%s; run took %.0f s; %s",
                mode.name(), mode.rounds(), mode.warmupSeconds(), mode.measureSeconds(), "16 MiB",
                String.join(" ", jvmFlags), pinServer == null ? ", not pinned"
                        : ", server on cpu " + pinServer + " and load generator on the others (taskset)",
                (System.nanoTime() - begin) / 1e9, ZonedDateTime.now()));
        return report.markdown();
    }

    private ServerProcess start(ServerProcess.Spec server, int limit) throws IOException, InterruptedException {
        List<String> flags = new ArrayList<>(jvmFlags);
        int n = ++started;
        if (jfr && server.key().startsWith("onramp") && limit == MIB16) {
            flags.add("-XX:StartFlightRecording=filename=" + logs.resolve(server.key() + "-" + n + ".jfr").toAbsolutePath()
                    + ",settings=profile");
        }
        return ServerProcess.start(server, limit, flags, pinServer, logs.resolve(n + "-" + server.key() + "-"
                + limit + ".log"));
    }

    private void measureTraffic(ServerProcess.Spec server, InetSocketAddress address) throws IOException {
        long warm = nanos(mode.warmupSeconds());
        long measure = nanos(mode.measureSeconds());
        if (workloads.contains("a1")) {
            echo(server, address, 1, FrameScanner.TEXT, 64, 1, warm, measure,
                    Row.ECHO_1_RATE, Row.ECHO_1_P50, Row.ECHO_1_P99, Row.ECHO_1_P999);
        }
        if (workloads.contains("a100")) {
            echo(server, address, 100, FrameScanner.TEXT, 64, 1, warm, measure,
                    Row.ECHO_100_RATE, Row.ECHO_100_P50, Row.ECHO_100_P99, Row.ECHO_100_P999);
        }
        if (workloads.contains("b")) {
            echo(server, address, 100, FrameScanner.TEXT, 64, 32, warm, measure, Row.PIPELINED_RATE);
        }
        if (workloads.contains("c")) {
            echo(server, address, 4, FrameScanner.BINARY, 1024 * 1024, 1, warm, measure, Row.BINARY_1MIB);
        }
        if (!workloads.contains("d")) {
            return;
        }

        HandshakeLoad.Result handshakes = new HandshakeLoad(address).run(16, warm, measure);
        if (handshakes.errors() > 0) {
            report.fail(Row.HANDSHAKES, server.key(), handshakes.errors() + " failed: " + handshakes.firstError());
            protocolErrors = true;
        }
        report.add(Row.HANDSHAKES, server.key(), handshakes.perSecond());
        log("  %-52s %12s /s", Row.HANDSHAKES.label, Report.format(handshakes.perSecond()));
    }

    private void echo(ServerProcess.Spec server, InetSocketAddress address, int connections, int opcode, int size,
                      int window, long warm, long measure, Row rate, Row... percentiles) throws IOException {
        EchoLoad.Result r = new EchoLoad(opcode, size, window).run(address, connections, warm, measure);
        if (r.errors() > 0) {
            report.fail(rate, server.key(), r.errors() + " error(s): " + r.firstError());
            protocolErrors = true;
            log("  %-52s FAILED %s", rate.label, r.firstError());
            if (r.messages() == 0) {
                return;
            }
        }
        double value = rate == Row.BINARY_1MIB ? r.megabytesPerSecond() : r.messagesPerSecond();
        report.add(rate, server.key(), value);
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-52s %12s %s", rate.label,
                Report.format(value), rate.unit));
        if (percentiles.length == 3) {
            Histogram h = r.latencyNanos();
            double[] q = {50, 99, 99.9};
            for (int i = 0; i < 3; i++) {
                double micros = h.getValueAtPercentile(q[i]) / 1000.0;
                report.add(percentiles[i], server.key(), micros);
                line.append(String.format(Locale.ROOT, "  p%s %s µs", q[i] == 99.9 ? "99.9" : (int) q[i],
                        Report.format(micros)));
            }
        }
        log("%s", line);
    }

    private void measureIdle(Row row, ServerProcess.Spec server, ServerProcess process)
            throws IOException, InterruptedException {
        String name = server.key() + "-" + row.name().toLowerCase(Locale.ROOT) + "-" + started;
        long before = process.retainedHeapBytes(logs.resolve("histogram-" + name + "-before.txt"));
        int target = mode.idleConnections();
        try (IdleLoad idle = new IdleLoad(process.address())) {
            int open = idle.open(target, TimeUnit.SECONDS.toNanos(120));
            idle.idle(TimeUnit.MILLISECONDS.toNanos(500));
            long after = process.retainedHeapBytes(logs.resolve("histogram-" + name + "-after.txt"));
            if (open == 0) {
                report.fail(row, server.key(), "no idle connection opened: " + idle.firstError());
                return;
            }
            double perConnection = (after - before) / (double) open / 1024;
            report.add(row, server.key(), perConnection);
            if (open < target) {
                report.fail(row, server.key(), String.format(Locale.ROOT,
                        "%s: stopped at %d of %d connections (%s); value measured over those", server.label(), open,
                        target, idle.firstError()));
            }
            log("  %-52s %12s KiB (%d connections, live heap %d → %d MB)", row.label, Report.format(perConnection),
                    open, before >> 20, after >> 20);
        }
    }

    private static long nanos(double seconds) {
        return (long) (seconds * 1e9);
    }

    private static final long T0 = System.nanoTime();

    private static void log(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, "[%5.1fs] ", (System.nanoTime() - T0) / 1e9)
                + String.format(Locale.ROOT, format, args));
        System.out.flush();
    }
}
