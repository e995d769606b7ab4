package dev.onramp.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onramp.testing.ClassDependencies;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

/**
 * The webapp's classes and the launcher's stay apart: what ships in the WAR uses the Servlet and WebSocket APIs
 * only (Onramp comes from {@code WEB-INF/lib}), never the launcher package or a container's classes.
 */
class LayeringTest {

    private static final String WEBAPP = "dev.onramp.sample.";
    private static final String LAUNCHER = "dev.onramp.sample.launcher.";

    @Test
    void theWebappUsesOnlyTheApisAndNeverTheLauncher() {
        ClassDependencies classes = ClassDependencies.of(Path.of("target", "classes"));
        List<String> webappClasses = classes.classes().stream().filter(c -> !c.startsWith(LAUNCHER)).toList();
        assertThat(webappClasses).isNotEmpty().allMatch(c -> c.startsWith(WEBAPP));
        for (String webappClass : webappClasses) {
            assertThat(classes.violations(webappClass, List.of("java.", "jakarta.servlet.", "jakarta.websocket.",
                    WEBAPP))).isEmpty();
            assertThat(classes.references(webappClass, LAUNCHER)).isEmpty();
        }
    }
}
