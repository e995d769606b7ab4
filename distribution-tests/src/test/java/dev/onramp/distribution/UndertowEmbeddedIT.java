package dev.onramp.distribution;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample WAR in stock embedded Undertow 2.3 (its servlet module, without {@code undertow-websockets-jsr}), as
 * Undertow's users embed it: the sample's {@code UndertowLauncher} from {@code onramp-launcher.jar}, run as its own
 * process, builds a deployment with {@code Servlets.deployment()} and finds the WAR's initializers through the WAR,
 * with an HTTP listener and an HTTPS one (a self-signed certificate) for wss://. Nothing of Onramp but the WAR.
 */
class UndertowEmbeddedIT {

    private static final Pattern HTTP_PORT =
            Pattern.compile("^Onramp echo server listening on ws://127\\.0\\.0\\.1:(\\d+)/echo$");
    private static final Pattern TLS_PORT =
            Pattern.compile("^Onramp echo server listening on wss://127\\.0\\.0\\.1:(\\d+)/echo$");

    @TempDir
    static Path base;
    private static ContainerProcess undertow;
    private static SSLContext trusting;

    @BeforeAll
    static void start() throws Exception {
        Path keyStore = base.resolve("keystore.p12");
        SelfSignedCertificate.create(keyStore);
        trusting = SelfSignedCertificate.trustedBy(keyStore);
        undertow = ContainerProcess.start(List.of(ContainerProcess.java(),
                "-cp", Parts.property("onramp.launcher.jar").toString(), "dev.onramp.sample.launcher.UndertowLauncher",
                "--host", "127.0.0.1", "--port", "0", "--context", "/",
                "--keystore", keyStore.toString(), "--keystore-password", SelfSignedCertificate.PASSWORD,
                Parts.sampleWar().toString()), base, base.resolve("undertow.log"), HTTP_PORT, TLS_PORT);
    }

    @AfterAll
    static void stop() throws Exception {
        if (undertow != null) {
            undertow.close();
        }
    }

    @Test
    void theJdkClientTalksToTheEchoEndpoint() throws Exception {
        EchoClients.jdkClientEchoesAndCloses(Target.plain(undertow.port(0)));
    }

    @Test
    void aClientThatSendsAWhileAfterThe101GetsItsEchoAndAPromptClose() throws Exception {
        EchoClients.clientThatWaitsAfterThe101GetsItsEchoAndAPromptClose(Target.plain(undertow.port(0)));
    }

    @Test
    void theJdkClientTalksToTheEchoEndpointOverTls() throws Exception {
        EchoClients.jdkClientEchoesAndCloses(Target.tls(undertow.port(1), trusting));
    }

    @Test
    void aTlsClientThatSendsAWhileAfterThe101GetsItsEcho() throws Exception {
        EchoClients.clientThatWaitsAfterThe101GetsItsEchoAndAPromptClose(Target.tls(undertow.port(1), trusting));
    }

    @Test
    void theApplicationStartsWithoutAnError() throws Exception {
        assertThat(undertow.log()).doesNotContain("Exception").doesNotContain("SEVERE");
    }
}
