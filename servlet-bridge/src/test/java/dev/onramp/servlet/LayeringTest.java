package dev.onramp.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onramp.testing.ClassDependencies;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

/**
 * The servlet bridge stays container-neutral: its compiled classes use the JDK, the Servlet and WebSocket APIs and
 * Onramp's engine, and never a container's own classes (what a container needs beyond the Servlet API lives in
 * that container's module, on the container's class path).
 */
class LayeringTest {

    @Test
    void theBridgeUsesTheServletApiAndNoContainersClasses() {
        ClassDependencies classes = ClassDependencies.of(Path.of("target", "classes"));
        assertThat(classes.classes()).allMatch(c -> c.startsWith("dev.onramp.servlet."));
        assertThat(classes.violations("dev.onramp.servlet.", List.of("java.", "jakarta.servlet.",
                "jakarta.websocket.", "dev.onramp.websocket.", "dev.onramp.servlet."))).isEmpty();
    }
}
