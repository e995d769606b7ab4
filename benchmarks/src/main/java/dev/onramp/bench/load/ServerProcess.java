package dev.onramp.bench.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A server under test in its own JVM: started with its own classpath and the common heap flags (optionally pinned to
 * a core with {@code taskset}), ready once it prints {@code LISTENING <port>}, weighed with {@code jcmd}, and
 * destroyed afterwards. Its output goes to a log file.
 */
final class ServerProcess implements AutoCloseable {

    /**
     * How to start one server under test, and which servers its ratios divide by.
     *
     * @param jvmFlags extra flags of this server's JVM (e.g. a system property that picks an I/O path)
     * @param comparedWith the keys of the servers this one is compared with in the ratio table (its own column ÷ theirs)
     */
    record Spec(String key, String label, String mainClass, String classpath, List<String> jvmFlags,
                List<String> comparedWith) {

        /** A server with no extra flags and no ratios of its own. */
        Spec(String key, String label, String mainClass, String classpath) {
            this(key, label, mainClass, classpath, List.of(), List.of());
        }
    }

    private final Process process;
    private final InetSocketAddress address;
    private final String implementation;

    private ServerProcess(Process process, int port, String implementation) {
        this.process = process;
        this.address = new InetSocketAddress("127.0.0.1", port);
        this.implementation = implementation;
    }

    static ServerProcess start(Spec spec, int limit, List<String> jvmFlags, String pinCpus, Path log)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (pinCpus != null) {
            command.add("taskset");
            command.add("-c");
            command.add(pinCpus);
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.addAll(spec.jvmFlags());
        command.add("-Dbench.limit=" + limit);
        command.add("-cp");
        command.add(spec.classpath());
        command.add(spec.mainClass());
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        PrintWriter logWriter = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true);
        logWriter.println(String.join(" ", command));
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    logWriter.println(line);
                    if (line.startsWith("LISTENING ")) {
                        ready.complete(line);
                    }
                }
            } catch (IOException ignored) {
                // the process is gone
            } finally {
                ready.completeExceptionally(new IOException("server exited before listening; see " + log));
                logWriter.close();
            }
        }, "server-log-" + spec.key());
        pump.setDaemon(true);
        pump.start();
        String line;
        try {
            line = ready.get(60, TimeUnit.SECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            process.destroyForcibly();
            throw new IOException(spec.label() + " did not start: " + e.getMessage() + " (log " + log + ")", e);
        }
        String[] parts = line.split(" ", 3);
        return new ServerProcess(process, Integer.parseInt(parts[1]), parts.length > 2 ? parts[2] : "?");
    }

    InetSocketAddress address() {
        return address;
    }

    String implementation() {
        return implementation;
    }

    /**
     * Live heap after a full GC: {@code jcmd GC.class_histogram} collects first and its total counts only reachable
     * objects.
     */
    long retainedHeapBytes() throws IOException, InterruptedException {
        return retainedHeapBytes(null);
    }

    /** As {@link #retainedHeapBytes()}, also saving the whole histogram to {@code histogram} when not null. */
    long retainedHeapBytes(Path histogram) throws IOException, InterruptedException {
        List<String> lines = new ArrayList<>();
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "GC.class_histogram")
                .redirectErrorStream(true).start();
        String total = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
                if (line.startsWith("Total")) {
                    total = line;
                }
            }
        }
        if (!p.waitFor(120, TimeUnit.SECONDS) || total == null) {
            p.destroyForcibly();
            throw new IOException("jcmd GC.class_histogram gave no total for pid " + process.pid());
        }
        if (histogram != null) {
            Files.write(histogram, lines);
        }
        String[] fields = total.trim().split("\\s+");
        return Long.parseLong(fields[fields.length - 1]);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(15, TimeUnit.SECONDS);
        }
    }
}
