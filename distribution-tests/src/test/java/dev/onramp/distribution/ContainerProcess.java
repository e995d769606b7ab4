package dev.onramp.distribution;

import dev.onramp.testing.TestThreads;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A container distribution running as a process of its own: its output goes to a log file, and the ports it
 * listens on are read from the lines that announce them.
 */
final class ContainerProcess implements AutoCloseable {

    private static final long START_TIMEOUT_SECONDS = 120;

    private final Process process;
    private final Path log;
    private final int[] ports;

    private ContainerProcess(Process process, Path log, int[] ports) {
        this.process = process;
        this.log = log;
        this.ports = ports;
    }

    /**
     * Runs {@code command} in {@code directory} and waits until, for each of {@code portsInLog}, a line of its output
     * matched (group 1, if the pattern has one, is that connector's port). Fails with the log when the process ends or stays silent instead.
     */
    static ContainerProcess start(List<String> command, Path directory, Path log, Pattern... portsInLog)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        List<CompletableFuture<Integer>> ports = new ArrayList<>();
        for (int i = 0; i < portsInLog.length; i++) {
            ports.add(new CompletableFuture<>());
        }
        Thread pump = new Thread(() -> pump(process, log, portsInLog, ports), "log of " + directory.getFileName());
        pump.setDaemon(true);
        pump.start();
        try {
            CompletableFuture.allOf(ports.toArray(CompletableFuture[]::new))
                    .get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            throw new IllegalStateException("not every listening port announced by " + command + "; its log:\n"
                    + Files.readString(log), e);
        }
        return new ContainerProcess(process, log, ports.stream().mapToInt(CompletableFuture::join).toArray());
    }

    /** Copies the output to the log; completes each port on its announcing line, or fails the rest at the end. */
    private static void pump(Process process, Path log, Pattern[] portsInLog, List<CompletableFuture<Integer>> ports) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                Writer out = Files.newBufferedWriter(log)) {
            String line;
            while ((line = lines.readLine()) != null) {
                out.write(line);
                out.write('\n');
                out.flush();
                for (int i = 0; i < portsInLog.length; i++) {
                    Matcher matcher = portsInLog[i].matcher(line);
                    if (!ports.get(i).isDone() && matcher.find()) {
                        // a pattern without a group marks a line to wait for, with no port in it
                        ports.get(i).complete(matcher.groupCount() >= 1 ? Integer.parseInt(matcher.group(1)) : 0);
                    }
                }
            }
        } catch (IOException e) {
            ports.forEach(port -> port.completeExceptionally(e));
        }
        ports.forEach(port -> port.completeExceptionally(new IllegalStateException("the process ended")));
    }

    /** Runs a short command to its end (a setup step) and returns its output; fails unless it exits with 0. */
    static String run(List<String> command, Path directory) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        CompletableFuture<String> output = TestThreads.supply(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
        if (!process.waitFor(START_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(command + " did not end");
        }
        String text = output.join();
        if (process.exitValue() != 0) {
            throw new IllegalStateException(command + " exited with " + process.exitValue() + ":\n" + text);
        }
        return text;
    }

    /** The java launcher of the JDK that runs the tests. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * A java launcher of feature version {@code feature} or newer: the JDK that runs the tests if it is one, else the
     * newest under {@code /usr/lib/jvm} (where Debian and the Temurin packages install them), else none.
     */
    static Optional<String> javaAtLeast(int feature) {
        if (Runtime.version().feature() >= feature) {
            return Optional.of(java());
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(jvms)) {
            return homes.filter(home -> Files.isExecutable(home.resolve("bin/java")))
                    .filter(home -> featureOf(home) >= feature)
                    .max(Comparator.comparingInt(ContainerProcess::featureOf))
                    .map(home -> home.resolve("bin/java").toString());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The feature version a JDK's {@code release} file names, or 0. */
    private static int featureOf(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return Integer.parseInt(version.split("[.+-]")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not a JDK home we can read
        }
        return 0;
    }

    /** The port announced by the first pattern given to {@link #start}. */
    int port() {
        return ports[0];
    }

    /** The port announced by the {@code index}th pattern given to {@link #start}. */
    int port(int index) {
        return ports[index];
    }

    /** The log so far (for assertion messages). */
    String log() throws IOException {
        return Files.readString(log);
    }

    /**
     * The log once it holds {@code text}, which the container has written or is writing (its output reaches the log a
     * line at a time); fails with the log when it does not within 20 s.
     */
    String logOnceItHolds(String text) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String seen = log();
        while (!seen.contains(text) && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            seen = log();
        }
        if (!seen.contains(text)) {
            throw new AssertionError("no \"" + text + "\" in the log:\n" + seen);
        }
        return seen;
    }

    /** Stops the container as a service manager would (SIGTERM: its shutdown hook runs), killing it if it hangs. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
