package dev.onramp.websocket.client;

import dev.onramp.websocket.endpoint.ExtensionHeaders;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Extension;
import org.junit.jupiter.api.Test;

import java.net.Proxy;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The handshake's pure parts: request shape, response parsing and checks, extension syntax, settings. */
class ClientHandshakeTest {

    private static HttpResponseHead head(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        return HttpResponseHead.parse(bytes, bytes.length, ByteBuffer.allocate(0));
    }

    @Test
    void theAcceptValueOfRfc6455Section1_3() {
        assertThat(ClientHandshake.acceptFor("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    @Test
    void hostCarriesThePortOnlyWhenItIsNotTheDefault() {
        assertThat(ClientHandshake.hostHeader(URI.create("ws://example.com/"))).isEqualTo("example.com");
        assertThat(ClientHandshake.hostHeader(URI.create("ws://example.com:80/"))).isEqualTo("example.com");
        assertThat(ClientHandshake.hostHeader(URI.create("wss://example.com:443/"))).isEqualTo("example.com");
        assertThat(ClientHandshake.hostHeader(URI.create("ws://example.com:443/"))).isEqualTo("example.com:443");
        assertThat(ClientHandshake.hostHeader(URI.create("wss://[::1]:8443/"))).isEqualTo("[::1]:8443");
        assertThat(ClientHandshake.requestTarget(URI.create("ws://h"))).isEqualTo("/");
        assertThat(ClientHandshake.requestTarget(URI.create("ws://h/a%2Fb?q=%C3%A9"))).isEqualTo("/a%2Fb?q=%C3%A9");
    }

    @Test
    void keysAreFreshAndSixteenBytes() {
        String a = ClientHandshake.newKey();
        assertThat(java.util.Base64.getDecoder().decode(a)).hasSize(16);
        assertThat(ClientHandshake.newKey()).isNotEqualTo(a);
    }

    @Test
    void theConfiguratorSeesACaseInsensitiveMutableMapAndItsChangesAreSent() throws Exception {
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create()
                .preferredSubprotocols(List.of("a"))
                .configurator(new ClientEndpointConfig.Configurator() {
                    @Override
                    public void beforeRequest(Map<String, List<String>> headers) {
                        assertThat(headers.get("sec-websocket-version")).containsExactly("13");
                        headers.put("sec-websocket-protocol", List.of("b"));
                        headers.put("Origin", List.of("http://o.example"));
                        headers.put("X-Multi", List.of("1", "2"));
                    }
                }).build();
        String request = new String(ClientHandshake.prepare(URI.create("ws://h:8080/p"), config).requestBytes(),
                StandardCharsets.ISO_8859_1);
        assertThat(request).startsWith("GET /p HTTP/1.1\r\n").endsWith("\r\n\r\n")
                .contains("Sec-WebSocket-Protocol: b\r\n").doesNotContain(": a\r\n")
                .contains("Origin: http://o.example\r\n").contains("X-Multi: 1\r\nX-Multi: 2\r\n")
                .contains("Host: h:8080\r\n");
    }

    @Test
    void theAnswerIsChecked() throws Exception {
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create().preferredSubprotocols(List.of("p1", "p2")).build();
        ClientHandshake handshake = ClientHandshake.prepare(URI.create("ws://h/"), config);
        String accept = ClientHandshake.acceptFor(handshake.headers().get("Sec-WebSocket-Key").get(0));
        ClientHandshake.Agreement ok = handshake.accept(head("HTTP/1.1 101 Switching Protocols\r\nupgrade: WebSocket\r\n"
                + "connection: keep-alive, Upgrade\r\nsec-websocket-accept: " + accept + "\r\nSec-WebSocket-Protocol: p2"));
        assertThat(ok.subprotocol()).isEqualTo("p2");
        assertThat(ok.response().getHeaders().get("SEC-WEBSOCKET-ACCEPT")).containsExactly(accept);

        assertThatThrownBy(() -> handshake.accept(head("HTTP/1.1 101 OK\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept))).isInstanceOf(DeploymentException.class).hasMessageContaining("Upgrade");
        assertThatThrownBy(() -> handshake.accept(head("HTTP/1.1 101 OK\r\nUpgrade: websocket\r\nConnection: close\r\n"
                + "Sec-WebSocket-Accept: " + accept))).isInstanceOf(DeploymentException.class).hasMessageContaining("Connection");
        assertThatThrownBy(() -> handshake.accept(head("HTTP/1.1 101 OK\r\nUpgrade: websocket\r\nConnection: upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept + "\r\nSec-WebSocket-Protocol: p1, p2")))
                .isInstanceOf(DeploymentException.class).hasMessageContaining("did not offer");
        assertThatThrownBy(() -> handshake.accept(head("HTTP/1.1 302 Found\r\nLocation: /x")))
                .isInstanceOf(DeploymentException.class).hasMessageContaining("HTTP 302 Found");
    }

    @Test
    void responseHeadsParseFoldedAndRepeatedFieldsAndRefuseGarbage() {
        HttpResponseHead h = head("HTTP/1.1 200 OK\r\nA: 1\r\na: 2\r\nB: x\r\n  y");
        assertThat(h.status()).isEqualTo(200);
        assertThat(h.headers().get("A")).containsExactly("1", "2");
        assertThat(h.tokens("a")).containsExactly("1", "2");
        assertThat(h.value("b")).isEqualTo("x y");
        assertThatThrownBy(() -> head("SSH-2.0-OpenSSH")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> head("HTTP/1.1 200 OK\r\nno colon")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void extensionFieldsParseWithQuotedValues() {
        List<Extension> list = ExtensionHeaders.parse(List.of(
                "permessage-deflate; client_max_window_bits; server_max_window_bits=10, x-y; a=\"q;,v\""));
        assertThat(list).hasSize(2);
        assertThat(list.get(0).getName()).isEqualTo("permessage-deflate");
        assertThat(list.get(0).getParameters()).extracting(Extension.Parameter::getName)
                .containsExactly("client_max_window_bits", "server_max_window_bits");
        assertThat(list.get(0).getParameters().get(1).getValue()).isEqualTo("10");
        assertThat(list.get(1).getParameters().get(0).getValue()).isEqualTo("q;,v");
        assertThat(list.get(0).toString()).isEqualTo("permessage-deflate; client_max_window_bits; server_max_window_bits=10");
    }

    @Test
    void settingsAreParsedOrRefusedClearly() {
        assertThat(ClientProperties.millis(Map.of(), ClientProperties.CONNECT_TIMEOUT, 7)).isEqualTo(7);
        assertThat(ClientProperties.millis(Map.of(ClientProperties.CONNECT_TIMEOUT, "250"), ClientProperties.CONNECT_TIMEOUT, 7))
                .isEqualTo(250);
        assertThatThrownBy(() -> ClientProperties.millis(Map.of(ClientProperties.CONNECT_TIMEOUT, "soon"),
                ClientProperties.CONNECT_TIMEOUT, 7)).hasMessageContaining(ClientProperties.CONNECT_TIMEOUT);
        assertThatThrownBy(() -> ClientProperties.millis(Map.of(ClientProperties.CONNECT_TIMEOUT, 0),
                ClientProperties.CONNECT_TIMEOUT, 7)).hasMessageContaining("positive");
        Proxy p = ProxyChoice.choose(URI.create("ws://h/"), Map.of(ClientProperties.PROXY, "[::1]:3128"));
        assertThat(p.type()).isEqualTo(Proxy.Type.HTTP);
        assertThat(p.address().toString()).contains("3128");
        assertThat(ProxyChoice.choose(URI.create("ws://h/"), Map.of(ClientProperties.PROXY, "DIRECT"))).isEqualTo(Proxy.NO_PROXY);
        assertThatThrownBy(() -> ProxyChoice.choose(URI.create("ws://h/"), Map.of(ClientProperties.PROXY,
                new Proxy(Proxy.Type.SOCKS, new java.net.InetSocketAddress("h", 1080))))).hasMessageContaining("SOCKS");
        assertThat(ProxyChoice.asHttp(URI.create("wss://h:9/p?q"))).hasScheme("https").hasHost("h").hasPort(9);
    }
}
