package dev.onramp.sample.adversarial;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Oversized and malformed opening handshakes. None may be upgraded; each gets an HTTP error (from the container, for
 * what it cannot parse, or from Onramp, for what RFC 6455 §4.2.1 forbids) or a closed connection, within the read
 * timeout; the server goes on serving. (A bare LF as line end and a folded field are left out: RFC 9112 lets a
 * container accept them, and both containers parse such a request as the valid upgrade it otherwise is.) Long but
 * legal header values (five hundred offered subprotocols, sixty extension offers) are answered with one choice each.
 */
@Timeout(120)
class MalformedHandshakeIT {

    @RegisterExtension
    static final AttackedServers SERVERS = new AttackedServers();

    private static final String ECHO = Target.CONTEXT + "/echo";
    private static final String VALID = RawConnection.upgradeRequest(ECHO);
    /** A status, or -1 when the server closed the connection without one. */
    private static final Set<Integer> REFUSED = Set.of(-1, 400, 405, 414, 426, 431);

    static List<Arguments> requests() {
        String bigValue = "x".repeat(64 * 1024);
        String manyFields = IntStream.range(0, 10_000).mapToObj(i -> "X-F" + i + ": v").collect(
                Collectors.joining("\r\n"));
        String[][] requests = {
            {"a 64 KiB header value", RawConnection.upgradeRequest(ECHO, "X-Big: " + bigValue)},
            {"ten thousand header fields", RawConnection.upgradeRequest(ECHO, manyFields)},
            {"a 64 KiB request target", RawConnection.upgradeRequest(ECHO + "?" + bigValue)},
            {"POST", VALID.replaceFirst("GET", "POST")},
            {"HTTP/1.0", VALID.replaceFirst("HTTP/1.1", "HTTP/1.0")},
            {"no Connection: Upgrade", VALID.replace("Connection: Upgrade\r\n", "")},
            {"version 8", VALID.replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 8")},
            {"two versions", VALID.replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 13, 8")},
            {"two keys", RawConnection.upgradeRequest(ECHO, "Sec-WebSocket-Key: AQIDBAUGBwgJCgsMDQ4PEA==")},
            {"a key of 15 bytes", VALID.replace(RawConnection.KEY, "AQIDBAUGBwgJCgsMDQ4P")},
            {"a key that is not base64", VALID.replace(RawConnection.KEY, "!!!!!!!!!!!!!!!!!!!!!!==")},
            {"no Host", VALID.replace("Host: 127.0.0.1\r\n", "")},
            {"a NUL in a header value", RawConnection.upgradeRequest(ECHO, "X-Nul: a\0b")},
            {"binary garbage", "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u01fc\u0003\u0003\r\n\r\n"},
        };
        List<Arguments> all = new ArrayList<>();
        for (Container c : Container.values()) {
            for (String[] r : requests) {
                all.add(Arguments.of(c, r[0], r[1]));
            }
        }
        return all;
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("requests")
    void isRefusedAndTheServerGoesOn(Container container, String what, String request) throws Exception {
        Target target = SERVERS.target(container);
        long mark = SERVERS.witness(container).echoed();
        int status = statusOf(target, request);
        System.out.println("malformed " + container + " " + what + " -> " + status);
        assertThat(status).as(what).isIn(REFUSED);
        SERVERS.witness(container).assertServedSince(mark);
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void longLegalOffersGetOneAnswerEach(Container container) throws Exception {
        Target target = SERVERS.target(container);
        // within the containers' 8 KiB for a request head
        String protocols = IntStream.range(0, 500).mapToObj(i -> "p" + i).collect(Collectors.joining(", "));
        String extensions = "permessage-deflate; client_max_window_bits, ".repeat(60) + "permessage-deflate";
        try (RawConnection peer = RawConnection.open(target.port())) {
            RawConnection.Response r = peer.handshake(ECHO, "Sec-WebSocket-Protocol: " + protocols + ", echo",
                    "Sec-WebSocket-Extensions: " + extensions);
            assertThat(r.status()).isEqualTo(101);
            assertThat(r.header("Sec-WebSocket-Protocol")).isEqualTo("echo");
            assertThat(r.headers().get("sec-websocket-extensions")).hasSize(1);
            assertThat(r.header("Sec-WebSocket-Extensions")).doesNotContain(",");
            peer.sendClose(1000);
            assertThat(peer.awaitCloseFrame()).isEqualTo(1000);
        }
    }

    /**
     * Extension offers Onramp cannot parse or does not know are refused (400) or declined (101 without an extension),
     * never half accepted (RFC 7692 §5: a server declines an offer with a parameter it does not know).
     */
    @ParameterizedTest
    @EnumSource(Container.class)
    void malformedOrUnknownExtensionOffersAreRefusedOrDeclined(Container container) throws Exception {
        Target target = SERVERS.target(container);
        for (String offer : List.of("permessage-deflate; x=\"unterminated", "permessage-deflate; x=1",
                "permessage-deflate; client_max_window_bits=99", "=; permessage-deflate",
                "permessage-deflate; server_max_window_bits=8; server_max_window_bits=9")) {
            try (RawConnection peer = RawConnection.open(target.port())) {
                RawConnection.Response r = peer.handshake(ECHO, "Sec-WebSocket-Extensions: " + offer);
                System.out.println("extension offer " + container + " " + offer + " -> " + r.status() + " "
                        + r.header("Sec-WebSocket-Extensions"));
                if (r.status() == 101) {
                    assertThat(r.header("Sec-WebSocket-Extensions")).as(offer).isNull();
                } else {
                    assertThat(r.status()).as(offer).isEqualTo(400);
                }
            }
        }
    }

    /** The status the server answers, or -1 when it closes (or resets) the connection instead. */
    private static int statusOf(Target target, String request) throws IOException {
        try (RawConnection c = RawConnection.open(target.port())) {
            try {
                c.send(request);
                return c.readResponse().status();
            } catch (EOFException | SocketException closed) {
                return -1;
            }
        }
    }
}
