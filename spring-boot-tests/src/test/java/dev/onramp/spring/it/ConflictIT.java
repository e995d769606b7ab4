package dev.onramp.spring.it;

import dev.onramp.spring.AnotherWebSocketImplementationException;
import dev.onramp.spring.it.app.WebSocketApplication;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.util.ClassUtils;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * With the container's own WebSocket jar left on the class path (the exclusion forgotten), the application does not
 * start, and Boot's report says exactly what to exclude. Runs in a failsafe execution of its own whose class path
 * has {@code tomcat-embed-websocket} and Jetty's {@code jetty-ee11-websocket-jakarta-server}. Boot initialises the
 * two containers' WebSocket support in opposite orders relative to Onramp's initializer (Tomcat's after it, Jetty's
 * before it); the refusal comes before either, from the jar's presence.
 */
class ConflictIT {

    @ParameterizedTest
    @MethodSource("dev.onramp.spring.it.BootContainer#both")
    void theApplicationRefusesToStartAndSaysWhatToExclude(BootContainer container) {
        assumeTrue(ClassUtils.isPresent(container == BootContainer.TOMCAT ? "org.apache.tomcat.websocket.server.WsSci"
                : "org.eclipse.jetty.ee11.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer",
                null), "runs only in the failsafe execution that has the containers' own WebSocket jars");
        String expectedArtifact = container == BootContainer.TOMCAT
                ? "org.apache.tomcat.embed:tomcat-embed-websocket"
                : "org.eclipse.jetty.ee11.websocket:jetty-ee11-websocket-jakarta-server";
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = System.out;
        Throwable failure = null;
        System.setOut(new PrintStream(new Tee(out, printed), true, StandardCharsets.UTF_8));
        try {
            RunningApp.start(container, new Class<?>[] {WebSocketApplication.class}).close();
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            System.setOut(out);
        }
        if (failure == null) {
            fail("the application started on %s beside the container's own WebSocket", container);
        }
        AnotherWebSocketImplementationException cause = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof AnotherWebSocketImplementationException found) {
                cause = found;
            }
        }
        assertThat(cause).as("in the causes of %s", failure).isNotNull();
        assertThat(cause.getMessage()).contains(expectedArtifact);
        String report = printed.toString(StandardCharsets.UTF_8);
        System.out.println("ConflictIT " + container + ": Boot printed:\n" + report);
        assertThat(report).contains("APPLICATION FAILED TO START").contains("Action:")
                .contains("Exclude " + expectedArtifact).contains("<exclusion>");
    }

    /** Writes to the console and to a buffer. */
    private static final class Tee extends java.io.OutputStream {
        private final java.io.OutputStream first;
        private final java.io.OutputStream second;

        Tee(java.io.OutputStream first, java.io.OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }
    }
}
