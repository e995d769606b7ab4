package dev.onramp.websocket.client;

import dev.onramp.testing.SelfSignedCertificate;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Session;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** wss:// against Jetty with certificates made by the test. */
class TlsTest {

    @TempDir
    static Path dir;

    private static SelfSignedCertificate goodStore;
    private static SelfSignedCertificate otherStore;
    private static JettyServer good;
    private static JettyServer wrongName;
    private final OnrampClientContainer container = new OnrampClientContainer();

    @BeforeAll
    static void start() throws Exception {
        goodStore = SelfSignedCertificate.create(dir.resolve("good.p12"), "good", "ip:127.0.0.1,dns:localhost");
        otherStore = SelfSignedCertificate.create(dir.resolve("other.p12"), "other", "dns:other.example");
        good = new JettyServer(List.of(), List.of(EchoEndpoints.Echo.class), tls(goodStore));
        wrongName = new JettyServer(List.of(), List.of(EchoEndpoints.Echo.class), tls(otherStore));
    }

    private static SslContextFactory.Server tls(SelfSignedCertificate store) {
        SslContextFactory.Server factory = new SslContextFactory.Server();
        factory.setKeyStorePath(store.keyStore().toString());
        factory.setKeyStorePassword(SelfSignedCertificate.PASSWORD);
        factory.setKeyStoreType("PKCS12");
        return factory;
    }

    @AfterAll
    static void stop() throws Exception {
        good.close();
        wrongName.close();
    }

    private static ClientEndpointConfig trusting(SelfSignedCertificate store) throws Exception {
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create().build();
        config.getUserProperties().put(ClientProperties.SSL_CONTEXT, store.clientContext());
        return config;
    }

    @Test
    void aTrustedCertificateForTheHostPasses() throws Exception {
        ClientRecorder client = new ClientRecorder();
        Session session = container.connectToServer(client, trusting(goodStore),
                URI.create("wss://127.0.0.1:" + good.port() + "/echo"));
        assertThat(session.isSecure()).isTrue();
        session.getBasicRemote().sendText("over tls");
        assertThat(client.next()).isEqualTo("over tls");
        byte[] big = new byte[60_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        session.getBasicRemote().sendBinary(ByteBuffer.wrap(big));
        assertThat((byte[]) client.next()).isEqualTo(big);
        session.getBasicRemote().sendText("big:40000");
        assertThat((String) client.next()).hasSize(40_000);
        session.close();
        client.awaitClose();
    }

    @Test
    void tlsThroughACONNECTProxy() throws Exception {
        java.util.concurrent.BlockingQueue<Map<String, String>> requests = new java.util.concurrent.LinkedBlockingQueue<>();
        try (RawServer proxy = ProxyTest.proxy(null, requests)) {
            ClientEndpointConfig config = trusting(goodStore);
            config.getUserProperties().put(ClientProperties.PROXY, "127.0.0.1:" + proxy.port());
            ClientRecorder client = new ClientRecorder();
            Session session = container.connectToServer(client, config,
                    URI.create("wss://127.0.0.1:" + good.port() + "/echo"));
            session.getBasicRemote().sendText("tunnelled tls");
            assertThat(client.next()).isEqualTo("tunnelled tls");
            assertThat(requests.poll().get("")).startsWith("CONNECT 127.0.0.1:" + good.port());
            session.close();
        }
    }

    @Test
    void aNameMismatchFailsWithTheHostAndTheCause() throws Exception {
        assertThatThrownBy(() -> container.connectToServer(new ClientRecorder(), trusting(otherStore),
                URI.create("wss://127.0.0.1:" + wrongName.port() + "/echo")))
                .isInstanceOf(DeploymentException.class)
                .hasMessageContaining("TLS handshake with 127.0.0.1:" + wrongName.port())
                .hasMessageContaining("127.0.0.1 found");
    }

    @Test
    void hostnameVerificationCanBeTurnedOffExplicitly() throws Exception {
        ClientEndpointConfig config = trusting(otherStore);
        SSLParameters params = new SSLParameters();
        params.setEndpointIdentificationAlgorithm("");
        config.getUserProperties().put(ClientProperties.SSL_PARAMETERS, params);
        ClientRecorder client = new ClientRecorder();
        Session session = container.connectToServer(client, config,
                URI.create("wss://127.0.0.1:" + wrongName.port() + "/echo"));
        session.getBasicRemote().sendText("unverified");
        assertThat(client.next()).isEqualTo("unverified");
        session.close();
    }

    @Test
    void anUntrustedCertificateFails() {
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create().build();
        assertThatThrownBy(() -> container.connectToServer(new ClientRecorder(), config,
                URI.create("wss://127.0.0.1:" + good.port() + "/echo")))
                .isInstanceOf(DeploymentException.class)
                .hasMessageContaining("TLS handshake with 127.0.0.1")
                .hasMessageContaining("certification path");
    }

    @Test
    void theEngineNamesTheHostForSniAndVerifiesItByDefault() throws Exception {
        SSLEngine engine = TlsSetup.engine(Map.of(ClientProperties.SSL_CONTEXT, SSLContext.getDefault()), "ws.example", 443);
        assertThat(engine.getUseClientMode()).isTrue();
        assertThat(engine.getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
        assertThat(engine.getSSLParameters().getServerNames()).containsExactly(new SNIHostName("ws.example"));
        SSLEngine literal = TlsSetup.engine(Map.of(), "10.0.0.1", 443);
        assertThat(literal.getSSLParameters().getServerNames()).isNullOrEmpty();
    }
}
