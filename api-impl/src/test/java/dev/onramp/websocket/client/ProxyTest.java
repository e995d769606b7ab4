package dev.onramp.websocket.client;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client through a small HTTP CONNECT proxy in front of Jetty. */
class ProxyTest {

    private static JettyServer server;
    private final OnrampClientContainer container = new OnrampClientContainer();

    @BeforeAll
    static void start() throws Exception {
        server = new JettyServer(List.of(), List.of(EchoEndpoints.Echo.class));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /** A CONNECT proxy: checks credentials when given, then pipes bytes both ways. Records the request lines. */
    static RawServer proxy(String requiredCredentials, BlockingQueue<Map<String, String>> requests) throws IOException {
        return new RawServer(client -> {
            Map<String, String> request = RawServer.readHead(client.getInputStream());
            requests.add(request);
            OutputStream toClient = client.getOutputStream();
            String auth = request.get("Proxy-Authorization");
            if (requiredCredentials != null && !("Basic " + Base64.getEncoder().encodeToString(
                    requiredCredentials.getBytes(StandardCharsets.UTF_8))).equals(auth)) {
                toClient.write("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"t\"\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                client.close();
                return;
            }
            String[] line = request.get("").split(" ");
            String target = line[1];
            int colon = target.lastIndexOf(':');
            Socket upstream = new Socket(target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)));
            toClient.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            Thread back = new Thread(() -> pipe(upstream, client), "proxy-back");
            back.setDaemon(true);
            back.start();
            pipe(client, upstream);
        });
    }

    private static void pipe(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException ignored) {
            // one side went away
        } finally {
            try {
                to.close();
                from.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private URI echo() {
        return URI.create("ws://127.0.0.1:" + server.port() + "/echo");
    }

    private void echoThrough(ClientEndpointConfig config) throws Exception {
        ClientRecorder client = new ClientRecorder();
        Session session = container.connectToServer(client, config, echo());
        session.getBasicRemote().sendText("via proxy");
        assertThat(client.next()).isEqualTo("via proxy");
        session.close();
        client.awaitClose();
    }

    @Test
    void tunnelsThroughAProxyNamedByTheUserProperty() throws Exception {
        BlockingQueue<Map<String, String>> requests = new LinkedBlockingQueue<>();
        try (RawServer proxy = proxy(null, requests)) {
            ClientEndpointConfig config = ClientEndpointConfig.Builder.create().build();
            config.getUserProperties().put(ClientProperties.PROXY, "127.0.0.1:" + proxy.port());
            echoThrough(config);
            Map<String, String> request = requests.poll(ClientRecorder.WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(request.get("")).isEqualTo("CONNECT 127.0.0.1:" + server.port() + " HTTP/1.1");
            assertThat(request.get("Host")).isEqualTo("127.0.0.1:" + server.port());
        }
    }

    @Test
    void asksTheProxySelectorWithAnHttpUri() throws Exception {
        BlockingQueue<Map<String, String>> requests = new LinkedBlockingQueue<>();
        BlockingQueue<URI> asked = new LinkedBlockingQueue<>();
        try (RawServer proxy = proxy(null, requests)) {
            ProxySelector selector = new ProxySelector() {
                @Override
                public List<Proxy> select(URI uri) {
                    asked.add(uri);
                    return List.of(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", proxy.port())));
                }

                @Override
                public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
                }
            };
            ClientEndpointConfig config = ClientEndpointConfig.Builder.create().build();
            config.getUserProperties().put(ClientProperties.PROXY, selector);
            echoThrough(config);
            assertThat(asked.poll()).hasScheme("http").hasPort(server.port());
            assertThat(requests).hasSize(1);
        }
    }

    @Test
    void basicProxyAuthentication() throws Exception {
        BlockingQueue<Map<String, String>> requests = new LinkedBlockingQueue<>();
        try (RawServer proxy = proxy("alice:s3cret", requests)) {
            ClientEndpointConfig anonymous = ClientEndpointConfig.Builder.create().build();
            anonymous.getUserProperties().put(ClientProperties.PROXY, new Proxy(Proxy.Type.HTTP,
                    new InetSocketAddress("127.0.0.1", proxy.port())));
            assertThatThrownBy(() -> container.connectToServer(new ClientRecorder(), anonymous, echo()))
                    .isInstanceOf(DeploymentException.class).hasMessageContaining("407")
                    .hasMessageContaining(ClientProperties.PROXY_USER);

            ClientEndpointConfig config = ClientEndpointConfig.Builder.create().build();
            config.getUserProperties().put(ClientProperties.PROXY, "127.0.0.1:" + proxy.port());
            config.getUserProperties().put(ClientProperties.PROXY_USER, "alice");
            config.getUserProperties().put(ClientProperties.PROXY_PASSWORD, "s3cret".toCharArray());
            echoThrough(config);
        }
    }

    @Test
    void directMeansNoProxyEvenWhenTheSelectorHasOne() throws Exception {
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create().build();
        config.getUserProperties().put(ClientProperties.PROXY, "direct");
        echoThrough(config);
    }
}
