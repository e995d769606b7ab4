package dev.onramp.servlet;

import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the configurator sees of the servlet request. */
class ServletHandshakeRequestTest {

    /** A servlet request stand-in answering the handful of calls the handshake request makes. */
    private static HttpServletRequest request(boolean secure, String query, Map<String, List<String>> headers,
            Map<String, String[]> parameters) {
        return (HttpServletRequest) Proxy.newProxyInstance(HttpServletRequest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getHeaderNames" -> Collections.enumeration(headers.keySet());
                    case "getHeaders" -> Collections.enumeration(headers.getOrDefault((String) args[0], List.of()));
                    case "getQueryString" -> query;
                    case "isSecure" -> secure;
                    case "getServerName" -> "example.org";
                    case "getServerPort" -> 8443;
                    case "getRequestURI" -> "/app/chat/room%201";
                    case "getParameterMap" -> parameters;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void headersAreCaseInsensitiveAndReadOnly() {
        ServletHandshakeRequest r = new ServletHandshakeRequest(request(false, null,
                Map.of("Sec-WebSocket-Protocol", List.of("a, b"), "X-Two", List.of("1", "2")), Map.of()), Map.of());
        assertThat(r.getHeaders().get("sec-websocket-protocol")).containsExactly("a, b");
        assertThat(r.getHeaders().get("X-TWO")).containsExactly("1", "2");
        assertThatThrownBy(() -> r.getHeaders().put("x", List.of())).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void requestUriIsTheWebSocketUriWithTheQuery() {
        ServletHandshakeRequest r = new ServletHandshakeRequest(request(true, "a=1&b=2", Map.of(), Map.of()), Map.of());
        assertThat(r.getRequestURI()).hasToString("wss://example.org:8443/app/chat/room%201?a=1&b=2");
        assertThat(r.getQueryString()).isEqualTo("a=1&b=2");
        ServletHandshakeRequest plain = new ServletHandshakeRequest(request(false, null, Map.of(), Map.of()), Map.of());
        assertThat(plain.getRequestURI()).hasToString("ws://example.org:8443/app/chat/room%201");
        assertThat(plain.getQueryString()).isNull();
    }

    @Test
    void parametersIncludePathParametersUnlessARequestParameterHasTheName() {
        ServletHandshakeRequest r = new ServletHandshakeRequest(request(false, "room=x&a=1", Map.of(),
                Map.of("room", new String[] {"x"}, "a", new String[] {"1", "2"})), Map.of("room", "lobby", "id", "7"));
        assertThat(r.getParameterMap()).containsEntry("a", List.of("1", "2")).containsEntry("room", List.of("x"))
                .containsEntry("id", List.of("7"));
    }
}
