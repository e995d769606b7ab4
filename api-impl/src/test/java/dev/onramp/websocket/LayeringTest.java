package dev.onramp.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onramp.testing.ClassDependencies;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

/**
 * The layers of api-impl (see each package's {@code package-info}) as its compiled classes keep them: dependencies
 * point downward only (protocol, transport, session, endpoint, client), the two lowest layers use nothing but the
 * JDK, and nothing here knows servlets or a container.
 */
class LayeringTest {

    private static final String ROOT = "dev.onramp.websocket.";
    private static final String PROTOCOL = ROOT + "protocol.";
    private static final String TRANSPORT = ROOT + "transport.";
    private static final String SESSION = ROOT + "session.";
    private static final String ENDPOINT = ROOT + "endpoint.";
    private static final String CLIENT = ROOT + "client.";
    private static final String WEBSOCKET_API = "jakarta.websocket.";

    private static ClassDependencies classes;

    @BeforeAll
    static void read() {
        classes = ClassDependencies.of(Path.of("target", "classes"));
    }

    @Test
    void everyClassIsInOneOfTheLayers() {
        assertThat(classes.classes()).allMatch(c -> c.startsWith(PROTOCOL) || c.startsWith(TRANSPORT)
                || c.startsWith(SESSION) || c.startsWith(ENDPOINT) || c.startsWith(CLIENT));
    }

    @Test
    void protocolIsPureJava() {
        assertThat(classes.violations(PROTOCOL, List.of("java.", PROTOCOL))).isEmpty();
    }

    @Test
    void transportIsPureJava() {
        assertThat(classes.violations(TRANSPORT, List.of("java.", TRANSPORT))).isEmpty();
    }

    @Test
    void sessionKnowsNeitherEndpointsNorTheClient() {
        assertThat(classes.violations(SESSION, List.of("java.", WEBSOCKET_API, PROTOCOL, TRANSPORT, SESSION)))
                .isEmpty();
    }

    @Test
    void endpointKnowsNotTheClient() {
        assertThat(classes.violations(ENDPOINT, List.of("java.", WEBSOCKET_API, PROTOCOL, SESSION, ENDPOINT)))
                .isEmpty();
    }

    @Test
    void theClientUsesTheLayersBelowAndTheJdksTls() {
        assertThat(classes.violations(CLIENT, List.of("java.", "javax.net.ssl.", WEBSOCKET_API, PROTOCOL, TRANSPORT,
                SESSION, ENDPOINT, CLIENT))).isEmpty();
    }
}
