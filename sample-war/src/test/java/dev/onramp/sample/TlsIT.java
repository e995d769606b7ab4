package dev.onramp.sample;

import dev.onramp.sample.ServerUnderTest.Kind;
import dev.onramp.testing.JdkClient;
import dev.onramp.testing.SelfSignedCertificate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * wss:// to the sample WAR through each container's own TLS connector (Jetty's SslConnectionFactory in front of the
 * upgrade-safe HTTP/1.1 factory, Tomcat's NIO connector with TLS under the prompt-close protocol): the container
 * decrypts and encrypts, and Onramp's non-blocking reads and writes go through the container's TLS engine, whose
 * records do not line up with WebSocket frames.
 */
class TlsIT {

    @RegisterExtension
    static final ServersPerContainer SERVERS = new ServersPerContainer();
    private static final Map<Kind, Integer> TLS_PORTS = new EnumMap<>(Kind.class);
    @TempDir
    static Path keys;
    private static SelfSignedCertificate tls;

    @BeforeAll
    static void addTlsConnectors() throws Exception {
        tls = SelfSignedCertificate.create(keys);
        for (Kind kind : ServersPerContainer.containers()) {
            TLS_PORTS.put(kind, SERVERS.get(kind).addTls(tls));
        }
    }

    private static <T extends JdkClient> T connect(Kind kind, T listener) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(tls.clientContext()).build();
        URI uri = URI.create("wss://127.0.0.1:" + TLS_PORTS.get(kind) + ServerUnderTest.CONTEXT + "/echo");
        return JdkClient.connect(client, uri, listener);
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    @ParameterizedTest
    @MethodSource("dev.onramp.sample.ServersPerContainer#containers")
    void echoesTextAndAFourMebibyteBinaryMessageOverTls(Kind kind) throws Exception {
        JdkClient client = connect(kind, new JdkClient());
        client.sendText("over TLS \u00e9\u20ac");
        assertThat(client.next()).isEqualTo("over TLS \u00e9\u20ac");
        byte[] payload = random(4 * 1024 * 1024);
        client.socket().sendBinary(ByteBuffer.wrap(payload), true).get(60, TimeUnit.SECONDS);
        assertThat((byte[]) client.next(60)).isEqualTo(payload);
        assertThat(client.closeNormally()).isEqualTo(1000);
    }

    /** The blocking 16 MiB echo from @OnMessage waits, through the TLS engine, for a client that takes nothing. */
    @ParameterizedTest
    @MethodSource("dev.onramp.sample.ServersPerContainer#containers")
    void aSixteenMebibyteEchoWaitsForATlsClientThatRequestsNothingForTwoSeconds(Kind kind) throws Exception {
        HeldOffClient client = new HeldOffClient();
        connect(kind, client);
        client.echoAfterHoldingOff(random(EchoEndpoint.MAX_MESSAGE), 2_000);
    }
}
