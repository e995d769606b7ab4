package dev.onramp.distribution;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample WAR in a Jetty 12.1 distribution ({@code jetty-home}), set up as a user would: a {@code jetty-base}
 * with the http, ee11-deploy and ee11-annotations modules, none of Jetty's WebSocket modules, the WebSocket API
 * jars in {@code lib/ext}, and Onramp's {@code onramp-jetty-upgrade-fix} Jetty module (its files from
 * {@code jetty-upgrade-fix/src/main/jetty-base}, its jar in {@code lib/onramp}); the WAR as
 * {@code webapps/ROOT.war}. Also TLS (Jetty's {@code https} module with a self-signed certificate) with Onramp's
 * {@code onramp-jetty-upgrade-fix-https} module, for wss://.
 */
class JettyDistributionIT {

    private static final Pattern HTTP_PORT =
            Pattern.compile("Started oejs\\.ServerConnector@\\S+\\{HTTP/1\\.1, .*\\{127\\.0\\.0\\.1:(\\d+)}");
    private static final Pattern TLS_PORT =
            Pattern.compile("Started oejs\\.ServerConnector@\\S+\\{SSL, .*\\{127\\.0\\.0\\.1:(\\d+)}");

    @TempDir
    static Path base;
    private static ContainerProcess jetty;
    private static SSLContext trusting;

    @BeforeAll
    static void start() throws Exception {
        Path home = Parts.property("onramp.jetty.home");
        Parts.copyTree(Parts.property("onramp.jetty.base.files"), base);
        Parts.copy(Parts.onrampJar("onramp-jetty-upgrade-fix"), base.resolve("lib/onramp"));
        Parts.copy(Parts.websocketApiJar("jakarta.websocket-api"), base.resolve("lib/ext"));
        Parts.copy(Parts.websocketApiJar("jakarta.websocket-client-api"), base.resolve("lib/ext"));
        Files.createDirectories(base.resolve("webapps"));
        Files.copy(Parts.sampleWar(), base.resolve("webapps/ROOT.war"));
        Path keyStore = base.resolve("etc/keystore.p12");
        SelfSignedCertificate.create(keyStore);
        trusting = SelfSignedCertificate.trustedBy(keyStore);

        String startJar = home.resolve("start.jar").toString();
        List<String> where = List.of("jetty.home=" + home, "jetty.base=" + base);
        ContainerProcess.run(concat(List.of(ContainerProcess.java(), "-jar", startJar), where,
                List.of("--add-modules=http,https,ee11-deploy,ee11-annotations,ext,onramp-jetty-upgrade-fix,"
                        + "onramp-jetty-upgrade-fix-https")), base);
        String config = ContainerProcess.run(concat(List.of(ContainerProcess.java(), "-jar", startJar), where,
                List.of("--list-config")), base);
        assertThat(config).as("the base as Jetty sees it")
                .contains("etc/onramp-jetty-upgrade-fix.xml")
                .contains("etc/onramp-jetty-upgrade-fix-https.xml")
                .doesNotContain("websocket-jakarta-server");

        jetty = ContainerProcess.start(concat(List.of(ContainerProcess.java(), "-jar", startJar), where,
                List.of("jetty.http.host=127.0.0.1", "jetty.http.port=0", "jetty.ssl.host=127.0.0.1", "jetty.ssl.port=0",
                        "jetty.sslContext.keyStorePath=" + keyStore,
                        "jetty.sslContext.keyStorePassword=" + SelfSignedCertificate.PASSWORD)),
                base, base.resolve("jetty.log"), HTTP_PORT, TLS_PORT);
    }

    @AfterAll
    static void stop() throws Exception {
        if (jetty != null) {
            jetty.close();
        }
    }

    private static List<String> concat(List<String> a, List<String> b, List<String> c) {
        return Stream.of(a, b, c).flatMap(List::stream).toList();
    }

    @Test
    void theJdkClientTalksToTheEchoEndpoint() throws Exception {
        EchoClients.jdkClientEchoesAndCloses(Target.plain(jetty.port(0)));
    }

    /** The module on Jetty's class path, Onramp in the WAR: the connections run on Jetty's own I/O all the same. */
    @Test
    void onrampTakesJettysOwnIoAcrossTheClassLoaders() throws Exception {
        EchoClients.jdkClientEchoesAndCloses(Target.plain(jetty.port(0)));
        jetty.logOnceItHolds("Onramp runs WebSocket connections on the container's own I/O"
                + " (dev.onramp.jetty.NativeUpgradeConnection)");
    }

    @Test
    void aClientThatSendsAWhileAfterThe101GetsItsEcho() throws Exception {
        EchoClients.clientThatWaitsAfterThe101GetsItsEchoAndAPromptClose(Target.plain(jetty.port(0)));
    }

    @Test
    void theJdkClientTalksToTheEchoEndpointOverTls() throws Exception {
        EchoClients.jdkClientEchoesAndCloses(Target.tls(jetty.port(1), trusting));
    }

    @Test
    void aTlsClientThatSendsAWhileAfterThe101GetsItsEcho() throws Exception {
        EchoClients.clientThatWaitsAfterThe101GetsItsEchoAndAPromptClose(Target.tls(jetty.port(1), trusting));
    }
}
