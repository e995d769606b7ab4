package dev.onramp.tck;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Deletes the adapter's scratch directories; a leftover file is logged, never fatal to a test run. */
final class FileTrees {

    private static final System.Logger LOG = System.getLogger(FileTrees.class.getName());

    private FileTrees() {
    }

    static void deleteQuietly(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(FileTrees::deleteOne);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Could not delete " + root, e);
        }
    }

    private static void deleteOne(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "Could not delete " + path, e);
        }
    }
}
