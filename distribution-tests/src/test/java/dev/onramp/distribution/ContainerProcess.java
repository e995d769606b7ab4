package dev.onramp.distribution;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container distribution running as a process of its own: its output goes to a log file, and the port it
 * listens on is read from the line that announces it.
 */
final class ContainerProcess implements AutoCloseable {

    private static final long START_TIMEOUT_SECONDS = 120;

    private final Process process;
    private final Path log;
    private final int port;

    private ContainerProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Runs {@code command} in {@code directory} and waits for a line of its output that matches {@code portInLog}
     * (group 1 is the port). Fails with the log when the process ends or stays silent instead.
     */
    static ContainerProcess start(List<String> command, Path directory, Path log, Pattern portInLog)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread pump = new Thread(() -> pump(process, log, portInLog, port), "log of " + directory.getFileName());
        pump.setDaemon(true);
        pump.start();
        try {
            return new ContainerProcess(process, log, port.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS));
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            throw new IllegalStateException("no listening port announced by " + command + "; its log:\n"
                    + Files.readString(log), e);
        }
    }

    /** Copies the output to the log; completes {@code port} on the announcing line, or fails it at the end. */
    private static void pump(Process process, Path log, Pattern portInLog, CompletableFuture<Integer> port) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                Writer out = Files.newBufferedWriter(log)) {
            String line;
            while ((line = lines.readLine()) != null) {
                out.write(line);
                out.write('\n');
                out.flush();
                Matcher matcher = portInLog.matcher(line);
                if (!port.isDone() && matcher.find()) {
                    port.complete(Integer.parseInt(matcher.group(1)));
                }
            }
        } catch (IOException e) {
            port.completeExceptionally(e);
        }
        port.completeExceptionally(new IllegalStateException("the process ended"));
    }

    /** Runs a short command to its end (a setup step) and returns its output; fails unless it exits with 0. */
    static String run(List<String> command, Path directory) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
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

    int port() {
        return port;
    }

    /** The log so far (for assertion messages). */
    String log() throws IOException {
        return Files.readString(log);
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
