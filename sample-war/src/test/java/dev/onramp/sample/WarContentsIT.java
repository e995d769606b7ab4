package dev.onramp.sample;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The packaged WAR carries exactly the webapp's compiled classes and Onramp's jars, and nothing of the launcher: the
 * launcher package is left out whole, so a class added there can never ship in the WAR.
 */
class WarContentsIT {

    private static final String LAUNCHER = "dev/onramp/sample/launcher/";

    @Test
    void theWarHasTheWebappsClassesAndOnrampButNoLauncherClass() throws Exception {
        Path classes = Path.of("target", "classes");
        List<String> compiled;
        try (Stream<Path> files = Files.walk(classes)) {
            compiled = files.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> classes.relativize(f).toString().replace('\\', '/')).toList();
        }
        assertThat(compiled).as("the launcher is compiled with the webapp").anyMatch(c -> c.startsWith(LAUNCHER));
        Path war = Path.of(System.getProperty("onramp.sample.war"));
        try (ZipFile zip = new ZipFile(war.toFile())) {
            List<String> entries = zip.stream().map(ZipEntry::getName).toList();
            List<String> shipped = entries.stream().filter(e -> e.startsWith("WEB-INF/classes/") && e.endsWith(".class"))
                    .map(e -> e.substring("WEB-INF/classes/".length())).toList();
            assertThat(shipped).as("every compiled class but the launcher's, and nothing else")
                    .containsExactlyInAnyOrderElementsOf(compiled.stream().filter(c -> !c.startsWith(LAUNCHER)).toList());
            assertThat(entries).anyMatch(e -> e.matches("WEB-INF/lib/onramp-servlet-bridge-.*\\.jar"))
                    .anyMatch(e -> e.matches("WEB-INF/lib/onramp-api-impl-.*\\.jar"))
                    .noneMatch(e -> e.startsWith("WEB-INF/lib/jetty-") || e.startsWith("WEB-INF/lib/tomcat-"));
        }
    }
}
