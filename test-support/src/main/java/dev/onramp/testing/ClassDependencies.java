package dev.onramp.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

/**
 * Which classes the compiled classes of a module refer to, as the JDK's {@code jdeps} reads them from the class
 * files (so a fully qualified name in the code counts as much as an import), for tests that keep a module's
 * layering: {@link #violations} lists every reference from a package to a class outside what it may use.
 */
public final class ClassDependencies {

    private static final Pattern EDGE = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s");

    /** Referring class to the classes it refers to. */
    private final Map<String, Set<String>> references;

    private ClassDependencies(Map<String, Set<String>> references) {
        this.references = references;
    }

    /** Reads the class files under a directory (a module's {@code target/classes}). */
    public static ClassDependencies of(Path classes) {
        if (!Files.isDirectory(classes)) {
            throw new IllegalArgumentException("no compiled classes at " + classes.toAbsolutePath());
        }
        ToolProvider jdeps = ToolProvider.findFirst("jdeps")
                .orElseThrow(() -> new IllegalStateException("this JDK has no jdeps tool"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:class", "-filter:none",
                classes.toString());
        if (status != 0) {
            throw new IllegalStateException("jdeps failed (" + status + "): " + err);
        }
        Map<String, Set<String>> references = new TreeMap<>();
        for (String line : out.toString().split("\\R")) {
            Matcher edge = EDGE.matcher(line);
            if (edge.find()) {
                references.computeIfAbsent(edge.group(1), k -> new TreeSet<>()).add(edge.group(2));
            }
        }
        if (references.isEmpty()) {
            throw new IllegalStateException("jdeps found no class under " + classes + ": " + out);
        }
        return new ClassDependencies(references);
    }

    /** The classes read, by fully qualified name. */
    public Set<String> classes() {
        return references.keySet();
    }

    /**
     * Every reference from a class whose name starts with {@code fromPrefix} to a class whose name starts with none of
     * {@code allowedPrefixes}, as "from -> to" lines. The classes' own package is allowed only when listed.
     */
    public List<String> violations(String fromPrefix, List<String> allowedPrefixes) {
        List<String> found = new ArrayList<>();
        references.forEach((from, targets) -> {
            if (!from.startsWith(fromPrefix)) {
                return;
            }
            for (String to : targets) {
                if (allowedPrefixes.stream().noneMatch(to::startsWith)) {
                    found.add(from + " -> " + to);
                }
            }
        });
        return found;
    }

    /** Every reference from a class whose name starts with {@code fromPrefix} to one starting with {@code toPrefix}. */
    public List<String> references(String fromPrefix, String toPrefix) {
        List<String> found = new ArrayList<>();
        references.forEach((from, targets) -> {
            if (from.startsWith(fromPrefix)) {
                targets.stream().filter(to -> to.startsWith(toPrefix)).forEach(to -> found.add(from + " -> " + to));
            }
        });
        return found;
    }
}
