package dev.onramp.sample;

import dev.onramp.sample.ServerUnderTest.Kind;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;


import static org.assertj.core.api.Assertions.assertThat;

/** The opening handshake as the deployed WAR answers it, driven by a raw socket (RFC 6455 §4.2). */
class HandshakeIT {

    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    @RegisterExtension
    static final ServersPerContainer SERVERS = new ServersPerContainer();

    private static RawClient.Response get(Kind kind, String path, String... headers) throws Exception {
        String[] lines = new String[headers.length + 2];
        lines[0] = "GET " + ServerUnderTest.CONTEXT + path + " HTTP/1.1";
        lines[1] = "Host: 127.0.0.1";
        System.arraycopy(headers, 0, lines, 2, headers.length);
        return RawClient.send(SERVERS.get(kind).port(), lines);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void acceptsAValidHandshakeWithTheRfcAcceptKey(Kind kind) throws Exception {
        RawClient.Response r = get(kind, "/echo", "Upgrade: websocket", "Connection: keep-alive, Upgrade",
                "Sec-WebSocket-Key: " + KEY, "Sec-WebSocket-Version: 13");
        assertThat(r.status()).isEqualTo(101);
        assertThat(r.header("Sec-WebSocket-Accept")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        assertThat(r.header("Upgrade")).isEqualToIgnoringCase("websocket");
        assertThat(r.header("Sec-WebSocket-Protocol")).isNull();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void negotiatesOnlyAnOfferedSubprotocol(Kind kind) throws Exception {
        RawClient.Response r = get(kind, "/echo", "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Key: " + KEY, "Sec-WebSocket-Version: 13", "Sec-WebSocket-Protocol: chat, echo.v2, echo");
        assertThat(r.status()).isEqualTo(101);
        assertThat(r.header("Sec-WebSocket-Protocol")).isEqualTo("echo.v2");
        r = get(kind, "/echo", "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Key: " + KEY, "Sec-WebSocket-Version: 13", "Sec-WebSocket-Protocol: chat");
        assertThat(r.status()).isEqualTo(101);
        assertThat(r.header("Sec-WebSocket-Protocol")).isNull();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void rejectsABadKeyWith400(Kind kind) throws Exception {
        RawClient.Response r = get(kind, "/echo", "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Key: c2hvcnQ=", "Sec-WebSocket-Version: 13");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("Sec-WebSocket-Key");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void rejectsMissingHeadersWith400(Kind kind) throws Exception {
        assertThat(get(kind, "/echo", "Upgrade: websocket", "Sec-WebSocket-Key: " + KEY,
                "Sec-WebSocket-Version: 13").status()).as("no Connection").isEqualTo(400);
        assertThat(get(kind, "/echo", "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Version: 13").status()).as("no key").isEqualTo(400);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void answersVersion12With426AndTheSupportedVersion(Kind kind) throws Exception {
        RawClient.Response r = get(kind, "/echo", "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Key: " + KEY, "Sec-WebSocket-Version: 12");
        assertThat(r.status()).isEqualTo(426);
        assertThat(r.header("Sec-WebSocket-Version")).isEqualTo("13");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void answersARefusedOriginWith403(Kind kind) throws Exception {
        RawClient.Response r = get(kind, "/guarded", "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Key: " + KEY, "Sec-WebSocket-Version: 13", "Origin: http://evil.example");
        assertThat(r.status()).isEqualTo(403);
        r = get(kind, "/guarded", "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Key: " + KEY, "Sec-WebSocket-Version: 13", "Origin: " + GuardedEndpoint.ALLOWED_ORIGIN);
        assertThat(r.status()).isEqualTo(101);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void passesOtherPathsAndPlainRequestsThrough(Kind kind) throws Exception {
        assertThat(get(kind, "/nothing-here", "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Key: " + KEY, "Sec-WebSocket-Version: 13").status()).isEqualTo(404);
        RawClient.Response page = get(kind, "/", "Connection: close");
        assertThat(page.status()).isEqualTo(200);
        // the upgrade servlet sees plain requests itself
        assertThat(get(kind, "/upgrade/x", "Connection: close").status()).isEqualTo(400);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void routesTemplatesUnderTheContextPath(Kind kind) throws Exception {
        assertThat(get(kind, "/chat/lobby", "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Key: " + KEY, "Sec-WebSocket-Version: 13").status()).isEqualTo(101);
        assertThat(get(kind, "/chat/lobby/extra", "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Key: " + KEY, "Sec-WebSocket-Version: 13").status()).isEqualTo(404);
    }
}
