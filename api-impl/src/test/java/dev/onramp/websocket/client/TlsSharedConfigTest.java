package dev.onramp.websocket.client;

import dev.onramp.testing.SelfSignedCertificate;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Session;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import javax.net.ssl.SSLParameters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One {@link ClientEndpointConfig} with the user's own {@link SSLParameters}, used for two hosts (issue 12, item 9):
 * each connection's certificate is checked against the name of the host it dials, never against a host dialled
 * before. Three Jetty TLS servers on 127.0.0.1: host A, reached as {@code localhost}, with a certificate for
 * {@code localhost}; host B, reached as {@code 127.0.0.1}, with a certificate for {@code 127.0.0.1}; and an imposter,
 * also reached as {@code 127.0.0.1}, that presents A's certificate. The client trusts both certificates, so only the
 * name check can refuse the imposter.
 */
@Timeout(120)
class TlsSharedConfigTest {

    @TempDir
    static Path dir;

    private static SelfSignedCertificate certificateA;
    private static SelfSignedCertificate certificateB;
    private static JettyServer hostA;
    private static JettyServer hostB;
    private static JettyServer imposter;
    private final OnrampClientContainer container = new OnrampClientContainer();

    @BeforeAll
    static void start() throws Exception {
        certificateA = SelfSignedCertificate.create(dir.resolve("a.p12"), "a", "dns:localhost");
        certificateB = SelfSignedCertificate.create(dir.resolve("b.p12"), "b", "ip:127.0.0.1");
        hostA = new JettyServer(List.of(), List.of(EchoEndpoints.Echo.class), tls(certificateA));
        hostB = new JettyServer(List.of(), List.of(EchoEndpoints.Echo.class), tls(certificateB));
        imposter = new JettyServer(List.of(), List.of(EchoEndpoints.Echo.class), tls(certificateA));
    }

    private static SslContextFactory.Server tls(SelfSignedCertificate certificate) throws Exception {
        SslContextFactory.Server factory = new SslContextFactory.Server();
        factory.setSslContext(certificate.serverContext());
        return factory;
    }

    @AfterAll
    static void stop() throws Exception {
        hostA.close();
        hostB.close();
        imposter.close();
    }

    @Test
    void theSecondHostsCertificateIsCheckedAgainstTheSecondHostsName() throws Exception {
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create().build();
        config.getUserProperties().put(ClientProperties.SSL_CONTEXT,
                SelfSignedCertificate.clientContextTrustingAll(certificateA, certificateB));
        SSLParameters shared = new SSLParameters();
        shared.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"}); // what a user sets such an object up for
        config.getUserProperties().put(ClientProperties.SSL_PARAMETERS, shared);

        echo(config, "wss://localhost:" + hostA.port() + "/echo");
        echo(config, "wss://127.0.0.1:" + hostB.port() + "/echo");
        assertThatThrownBy(() -> container.connectToServer(new ClientRecorder(), config,
                URI.create("wss://127.0.0.1:" + imposter.port() + "/echo")))
                .as("A's certificate does not name 127.0.0.1")
                .isInstanceOf(DeploymentException.class)
                .hasMessageContaining("TLS handshake with 127.0.0.1:" + imposter.port());

        assertThat(shared.getServerNames()).as("the caller's parameters are left as they were").isNullOrEmpty();
        assertThat(shared.getEndpointIdentificationAlgorithm()).isNull();
        assertThat(shared.getProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
    }

    private void echo(ClientEndpointConfig config, String uri) throws Exception {
        ClientRecorder client = new ClientRecorder();
        Session session = container.connectToServer(client, config, URI.create(uri));
        session.getBasicRemote().sendText("to " + uri);
        assertThat(client.next()).isEqualTo("to " + uri);
        session.close();
        client.awaitClose();
    }
}
