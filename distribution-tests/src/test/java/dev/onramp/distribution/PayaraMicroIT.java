package dev.onramp.distribution;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample WAR in stock Payara Micro 7 (Grizzly, Tyrus as its own WebSocket), run as a user would:
 * {@code java -jar payara-micro.jar --addLibs onramp-payara-fix.jar --deploy ROOT.war}, on a JDK 21 or newer, with
 * Payara's own TLS listener (its built-in self-signed certificate for localhost) for wss://. Only the listeners'
 * address (127.0.0.1, by a pre-boot command) and ports are chosen for the test; Hazelcast is off.
 *
 * <p>Payara runs an application's initializers in an order that changes from one start to the next: with
 * onramp-payara-fix, Onramp serves on every start; without it, deployment fails on every start with a message that
 * names Tyrus and the fix ({@link #withoutOnrampPayaraFixTheApplicationIsRefusedWithAMessageThatSaysWhy}).
 */
class PayaraMicroIT {

    private static final Pattern HTTP_PORT = Pattern.compile("^http://localhost:(\\d+)/$");
    private static final Pattern TLS_PORT = Pattern.compile("^https://localhost:(\\d+)/$");
    private static final Pattern READY = Pattern.compile("Payara Micro .* ready in [\\d,]+ \\(ms\\)");
    /** What Payara's Tyrus initializer logs when it, not Onramp, took the application. */
    private static final String TYRUS_REGISTERED = "Registering WebSocket filter for url pattern";
    /** What Payara logs when an application it deployed fails to start. */
    private static final String LOAD_FAILED = "Exception while loading the app";

    @TempDir
    static Path base;
    private static String java;
    private static ContainerProcess payara;
    private static SSLContext trusting;

    @BeforeAll
    static void start() throws Exception {
        java = ContainerProcess.javaAtLeast(21).orElse(null);
        Assumptions.assumeTrue(java != null, "Payara Micro 7 needs a JDK 21 or newer, and neither the JDK running"
                + " the tests nor any under /usr/lib/jvm is one: the Payara tests are skipped");
        Path root = base.resolve("with-fix");
        payara = startPayara(root, true);
        trusting = SelfSignedCertificate.trustedBy(root.resolve("runtime/config/keystore.p12"), "changeit", "s1as");
    }

    @AfterAll
    static void stop() throws Exception {
        if (payara != null) {
            payara.close();
        }
    }

    /** Starts Payara Micro in {@code directory} with the sample WAR at the root, waiting until it is ready. */
    private static ContainerProcess startPayara(Path directory, boolean withFix) throws Exception {
        Files.createDirectories(directory);
        Path preBoot = directory.resolve("pre-boot-commands.txt");
        String listeners = "set configs.config.server-config.network-config.network-listeners.network-listener.";
        Files.writeString(preBoot, listeners + "http-listener.address=127.0.0.1\n"
                + listeners + "https-listener.address=127.0.0.1\n");
        Path war = directory.resolve("ROOT.war");
        Files.copy(Parts.sampleWar(), war);
        List<String> command = new ArrayList<>(List.of(java, "-jar", Parts.part("payara-micro.jar").toString(),
                "--nohazelcast", "--rootdir", directory.resolve("runtime").toString(),
                "--prebootcommandfile", preBoot.toString(),
                // free now, and Payara moves on to the next if another process took it meanwhile
                "--port", Integer.toString(freePort()), "--autoBindHttp",
                "--sslport", Integer.toString(freePort()), "--autoBindSsl",
                "--contextroot", "/"));
        if (withFix) {
            command.addAll(List.of("--addLibs", Parts.onrampJar("onramp-payara-fix").toString()));
        }
        command.addAll(List.of("--deploy", war.toString()));
        return withFix
                ? ContainerProcess.start(command, directory, directory.resolve("payara.log"), HTTP_PORT, TLS_PORT)
                : ContainerProcess.start(command, directory, directory.resolve("payara.log"), READY);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void theJdkClientTalksToTheEchoEndpoint() throws Exception {
        EchoClients.jdkClientEchoesAndCloses(Target.plain(payara.port(0)));
    }

    @Test
    void aClientThatSendsAWhileAfterThe101GetsItsEchoAndAPromptClose() throws Exception {
        // also the first flush: Grizzly sends the 101 only when the upgraded output is first flushed
        EchoClients.clientThatWaitsAfterThe101GetsItsEchoAndAPromptClose(Target.plain(payara.port(0)));
    }

    @Test
    void theJdkClientTalksToTheEchoEndpointOverTls() throws Exception {
        EchoClients.jdkClientEchoesAndCloses(Target.tls("localhost", payara.port(1), trusting));
    }

    @Test
    void aTlsClientThatSendsAWhileAfterThe101GetsItsEcho() throws Exception {
        EchoClients.clientThatWaitsAfterThe101GetsItsEchoAndAPromptClose(Target.tls(payara.port(1), trusting));
    }

    @Test
    void connectionsFailedForAProtocolErrorLeaveGrizzlyIntact() throws Exception {
        // closed at once, beside Grizzly's handling of the peer's answer, such connections broke later ones with
        // NullPointerExceptions in Grizzly and Catalina (ConnectionCloser)
        EchoClients.protocolErrorsAnsweredAtOnce(Target.plain(payara.port(0)), 120);
        for (int i = 0; i < 5; i++) { // new connections, which got the broken objects
            EchoClients.clientThatWaitsAfterThe101GetsItsEchoAndAPromptClose(Target.plain(payara.port(0)));
        }
        assertThat(payara.log()).doesNotContain("NullPointerException");
    }

    @Test
    void onrampAndNotTyrusServesTheApplication() throws Exception {
        String log = payara.log();
        assertThat(log).doesNotContain(TYRUS_REGISTERED).doesNotContain("SEVERE").doesNotContain(LOAD_FAILED);
    }

    @Test
    void withoutOnrampPayaraFixTheApplicationIsRefusedWithAMessageThatSaysWhy() throws Exception {
        ContainerProcess unfixed = startPayara(base.resolve("without-fix"), false);
        try {
            String log = unfixed.log();
            // whichever initializer Payara ran first this time
            assertThat(log).contains("Tyrus (the WebSocket implementation built into Payara and GlassFish)")
                    .contains("onramp-payara-fix").contains("--addLibs")
                    .containsAnyOf("before Onramp's initializer ran", "is registered for this web application");
            assertThat(log).as("Payara's report of the application's failed start").contains(LOAD_FAILED);
        } finally {
            unfixed.close();
        }
    }
}
