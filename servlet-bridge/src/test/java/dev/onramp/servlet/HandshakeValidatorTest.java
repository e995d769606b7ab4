package dev.onramp.servlet;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class HandshakeValidatorTest {

    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private static Map<String, List<String>> valid() {
        Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.put("Host", List.of("server.example.com"));
        h.put("Upgrade", List.of("websocket"));
        h.put("Connection", List.of("Upgrade"));
        h.put("Sec-WebSocket-Key", List.of(KEY));
        h.put("Sec-WebSocket-Version", List.of("13"));
        return h;
    }

    private static Function<String, List<String>> lookup(Map<String, List<String>> h) {
        return name -> h.getOrDefault(name, List.of());
    }

    private static HandshakeValidator.Result check(Map<String, List<String>> h) {
        return HandshakeValidator.validate("GET", "HTTP/1.1", lookup(h));
    }

    @Test
    void acceptKeyIsTheRfcExample() {
        // RFC 6455 §1.3
        assertThat(HandshakeValidator.acceptKey(KEY)).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    @Test
    void acceptsAValidRequestWithTokenListsInAnyCase() {
        Map<String, List<String>> h = valid();
        h.put("Upgrade", List.of("foo, WebSocket"));
        h.put("Connection", List.of("keep-alive", "UPGRADE"));
        HandshakeValidator.Result result = check(h);
        assertThat(result.accepted()).isTrue();
        assertThat(result.key()).isEqualTo(KEY);
    }

    @Test
    void rejectsOtherMethodsAndOldHttp() {
        assertThat(HandshakeValidator.validate("POST", "HTTP/1.1", lookup(valid())).status()).isEqualTo(400);
        assertThat(HandshakeValidator.validate("GET", "HTTP/1.0", lookup(valid())).status()).isEqualTo(400);
        assertThat(HandshakeValidator.validate("GET", "HTTP/2.0", lookup(valid())).accepted()).isTrue();
    }

    @Test
    void rejectsMissingHostUpgradeOrConnection() {
        for (String header : List.of("Host", "Upgrade", "Connection")) {
            Map<String, List<String>> h = valid();
            h.remove(header);
            assertThat(check(h).status()).as(header).isEqualTo(400);
            assertThat(check(h).reason()).as(header).isNotBlank();
        }
        Map<String, List<String>> h = valid();
        h.put("Connection", List.of("keep-alive"));
        assertThat(check(h).status()).isEqualTo(400);
        h = valid();
        h.put("Upgrade", List.of("websocketx"));
        assertThat(check(h).status()).isEqualTo(400);
    }

    @Test
    void rejectsKeysThatAreNotSixteenBytesOfBase64() {
        for (String key : List.of("", "abc", "dGhlIHNhbXBsZSBub25jZQ", "dGhlIHNhbXBsZSBub25jZWU=",
                "!!!!!!!!!!!!!!!!!!!!!!==", "dGhlIHNhbXBsZSBub25jZQ==dGhl")) {
            Map<String, List<String>> h = valid();
            h.put("Sec-WebSocket-Key", List.of(key));
            assertThat(check(h).status()).as(key).isEqualTo(400);
        }
        Map<String, List<String>> h = valid();
        h.remove("Sec-WebSocket-Key");
        assertThat(check(h).status()).isEqualTo(400);
        h = valid();
        h.put("Sec-WebSocket-Key", List.of(KEY, KEY));
        assertThat(check(h).status()).isEqualTo(400);
    }

    @Test
    void answersOtherVersionsWith426AndTheSupportedVersion() {
        for (String version : List.of("12", "8", "14", "")) {
            Map<String, List<String>> h = valid();
            h.put("Sec-WebSocket-Version", List.of(version));
            HandshakeValidator.Result result = check(h);
            assertThat(result.status()).as(version).isEqualTo(426);
            assertThat(result.headers()).containsEntry("Sec-WebSocket-Version", "13");
        }
        Map<String, List<String>> h = valid();
        h.remove("Sec-WebSocket-Version");
        assertThat(check(h).status()).isEqualTo(426);
    }

    @Test
    void recognisesUpgradeRequests() {
        Map<String, List<String>> h = new HashMap<>();
        assertThat(HandshakeValidator.isUpgradeRequest(lookup(h))).isFalse();
        h.put("Upgrade", List.of("h2c"));
        assertThat(HandshakeValidator.isUpgradeRequest(lookup(h))).isFalse();
        h.put("Upgrade", List.of("WebSocket"));
        assertThat(HandshakeValidator.isUpgradeRequest(lookup(h))).isTrue();
    }
}
