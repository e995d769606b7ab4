package dev.onramp.distribution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** What the build put beside the tests: the unpacked distributions and the Onramp artifacts to install. */
final class Parts {

    private Parts() {
    }

    static Path property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("system property " + name + " is not set: run these tests through"
                    + " Maven (./mvnw verify -pl distribution-tests -am), which unpacks the distributions");
        }
        return Path.of(value);
    }

    static Path part(String fileName) {
        return property("onramp.parts").resolve(fileName);
    }

    /** The sample WAR. */
    static Path sampleWar() {
        return part("onramp-sample-war.war");
    }

    /** An Onramp jar of this build, by artifact id. */
    static Path onrampJar(String artifactId) {
        return part(artifactId + "-" + System.getProperty("onramp.version") + ".jar");
    }

    /** A jar of the Jakarta WebSocket API, by artifact id, in the version Onramp implements. */
    static Path websocketApiJar(String artifactId) {
        return part(artifactId + "-" + System.getProperty("onramp.websocket.version") + ".jar");
    }

    static void copy(Path file, Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.copy(file, directory.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Copies a directory tree into another (which may exist). */
    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
