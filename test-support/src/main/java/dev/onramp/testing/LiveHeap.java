package dev.onramp.testing;

import javax.management.ObjectName;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The live objects of this JVM's heap after a full collection: the JVM's class histogram (what
 * {@code jcmd GC.class_histogram} prints), which collects first. Comparing two tells exactly how much memory
 * something retained, where heap usage figures also count garbage not yet collected. A measure keeps only its
 * total in memory (the histogram goes to a file, read again only to say which classes grew), so holding the first
 * measure does not weigh on the second.
 */
public final class LiveHeap {

    private final long bytes;
    private final Path histogram;

    private LiveHeap(long bytes, Path histogram) {
        this.bytes = bytes;
        this.histogram = histogram;
    }

    /** Collects the heap and takes its histogram. */
    public static LiveHeap measure() throws Exception {
        String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        long total = -1;
        for (String line : text.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length == 3 && fields[0].equals("Total")) {
                total = Long.parseLong(fields[2]);
            }
        }
        if (total < 0) {
            throw new IllegalStateException("no total in the class histogram:\n" + text);
        }
        Path file = Files.createTempFile("onramp-heap-", ".txt");
        file.toFile().deleteOnExit();
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return new LiveHeap(total, file);
    }

    /** Something done again and again, whose leftovers are measured: runs it {@code n} times. */
    @FunctionalInterface
    public interface Cycles {
        void run(int n) throws Exception;
    }

    /** The live heap before and after some cycles. */
    public record Retained(LiveHeap before, LiveHeap after, int cycles) {
        /** Bytes the heap grew by, per cycle. */
        public long perCycle() {
            return (after.bytes() - before.bytes()) / cycles;
        }

        /** The classes that grew most, one per line. */
        public String grown() throws IOException {
            return after.growthSince(before, 10);
        }

        /** One line and the grown classes, for the test's output. */
        public String report(String what) throws IOException {
            return String.format("%s: live heap %,d -> %,d bytes after %,d cycles: %,d bytes per cycle; grown most:%n%s",
                    what, before.bytes(), after.bytes(), cycles, perCycle(), grown());
        }
    }

    /**
     * What {@code cycles} runs of {@code work} leave on the heap, measured after {@code warmUp} runs that bring the
     * servers' pools and caches to their working size.
     */
    public static Retained retainedBy(int warmUp, int cycles, Cycles work) throws Exception {
        work.run(warmUp);
        LiveHeap before = measure();
        work.run(cycles);
        return new Retained(before, measure(), cycles);
    }

    /** Bytes of live objects. */
    public long bytes() {
        return bytes;
    }

    /** Live instances of a class (by its histogram name, e.g. {@code dev.onramp.servlet.ServletTransport}). */
    public long instances(String className) throws IOException {
        long[] counts = byClass().get(className);
        return counts == null ? 0 : counts[0];
    }

    /** The {@code top} classes whose bytes grew most since {@code before}, one per line, for failure messages. */
    public String growthSince(LiveHeap before, int top) throws IOException {
        Map<String, long[]> now = byClass();
        Map<String, long[]> then = before.byClass();
        return now.entrySet().stream()
                .map(e -> {
                    long[] old = then.getOrDefault(e.getKey(), new long[2]);
                    return Map.entry(e.getKey(), new long[] {e.getValue()[0] - old[0], e.getValue()[1] - old[1]});
                })
                .filter(e -> e.getValue()[1] > 0)
                .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[1]).reversed())
                .limit(top)
                .map(e -> String.format("%+,12d bytes %+,8d instances  %s", e.getValue()[1], e.getValue()[0],
                        e.getKey()))
                .collect(Collectors.joining("\n"));
    }

    /** Class name -> {instances, bytes}, summed over the class loaders that loaded a class of that name. */
    private Map<String, long[]> byClass() throws IOException {
        Map<String, long[]> byClass = new HashMap<>();
        for (String line : Files.readAllLines(histogram, StandardCharsets.UTF_8)) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length >= 4 && fields[0].endsWith(":")) {
                byClass.merge(fields[3], new long[] {Long.parseLong(fields[1]), Long.parseLong(fields[2])},
                        (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
            }
        }
        return byClass;
    }
}
