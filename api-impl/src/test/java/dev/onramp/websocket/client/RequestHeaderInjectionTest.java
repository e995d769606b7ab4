package dev.onramp.websocket.client;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Header injection through the client's request (issue 12, item 11): a CR or LF in a field, from a configurator's
 * {@code beforeRequest} or in a subprotocol or extension, is refused with a {@link DeploymentException} that names the
 * field, before any connection is made. The server is Jetty's own WebSocket server, whose configurator records the
 * fields of every handshake it sees: it would read {@code X-Injected} as a field of its own if the request went out.
 */
@Timeout(60)
class RequestHeaderInjectionTest {

    private static final List<Map<String, List<String>>> SEEN = new CopyOnWriteArrayList<>();
    private static JettyServer jetty;
    private final OnrampClientContainer container = new OnrampClientContainer();

    @BeforeAll
    static void start() throws Exception {
        ServerEndpointConfig recording = ServerEndpointConfig.Builder.create(EchoEndpoints.Echo.class, "/echo")
                .subprotocols(List.of("chat"))
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request,
                            HandshakeResponse response) {
                        SEEN.add(Map.copyOf(request.getHeaders()));
                    }
                }).build();
        jetty = new JettyServer(List.of(recording), List.of());
    }

    @AfterAll
    static void stop() throws Exception {
        jetty.close();
    }

    private static ClientEndpointConfig.Configurator before(Consumer<Map<String, List<String>>> change) {
        return new ClientEndpointConfig.Configurator() {
            @Override
            public void beforeRequest(Map<String, List<String>> headers) {
                change.accept(headers);
            }
        };
    }

    private static Extension extension(String name, String parameterValue) {
        return new Extension() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public List<Parameter> getParameters() {
                return List.of(new Parameter() {
                    @Override
                    public String getName() {
                        return "client_max_window_bits";
                    }

                    @Override
                    public String getValue() {
                        return parameterValue;
                    }
                });
            }
        };
    }

    static Stream<Arguments> injections() {
        return Stream.of(
                Arguments.of("a configurator's value with CR LF", "X-Note", ClientEndpointConfig.Builder.create()
                        .configurator(before(h -> h.put("X-Note", List.of("ok\r\nX-Injected: yes")))).build()),
                Arguments.of("a configurator's value with a bare LF", "X-Note", ClientEndpointConfig.Builder.create()
                        .configurator(before(h -> h.put("X-Note", List.of("ok\nX-Injected: yes")))).build()),
                Arguments.of("a configurator's field name with CR LF", "X-Note", ClientEndpointConfig.Builder.create()
                        .configurator(before(h -> h.put("X-Note\r\nX-Injected", List.of("yes")))).build()),
                Arguments.of("a configurator that rewrites the key", "Sec-WebSocket-Key", ClientEndpointConfig.Builder
                        .create().configurator(before(h -> h.put("Sec-WebSocket-Key",
                                List.of(h.get("Sec-WebSocket-Key").get(0) + "\r\nX-Injected: yes")))).build()),
                Arguments.of("a subprotocol", "Sec-WebSocket-Protocol", ClientEndpointConfig.Builder.create()
                        .preferredSubprotocols(List.of("chat\r\nX-Injected: yes")).build()),
                Arguments.of("an extension parameter", "Sec-WebSocket-Extensions", ClientEndpointConfig.Builder
                        .create().extensions(List.of(extension("permessage-deflate", "10\r\nX-Injected: yes")))
                        .build()),
                Arguments.of("an extension name", "Sec-WebSocket-Extensions", ClientEndpointConfig.Builder.create()
                        .extensions(List.of(extension("x-ext\r\nX-Injected: yes", "10"))).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("injections")
    void isRefusedNamingTheFieldAndNothingReachesTheServer(String what, String field, ClientEndpointConfig config) {
        assertThatThrownBy(() -> container.connectToServer(new ClientRecorder(), config,
                URI.create("ws://127.0.0.1:" + jetty.port() + "/echo")))
                .isInstanceOf(DeploymentException.class)
                .hasMessageContaining(field)
                .hasMessageMatching("(?s).*\\b(CR|LF)\\b.*")
                .hasMessageContaining("before anything was sent");
        assertThat(SEEN).as("handshakes the server saw").isEmpty();
    }

    @Test
    void aTabAndLatin1TextAreSentAsTheyAre() throws Exception {
        SEEN.clear();
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create()
                .configurator(before(h -> h.put("X-Note", List.of("a\tcafé")))).build();
        ClientRecorder client = new ClientRecorder();
        Session session = container.connectToServer(client, config,
                URI.create("ws://127.0.0.1:" + jetty.port() + "/echo"));
        session.getBasicRemote().sendText("fine");
        assertThat(client.next()).isEqualTo("fine");
        session.close();
        client.awaitClose();
        assertThat(SEEN).hasSize(1);
        assertThat(SEEN.get(0)).doesNotContainKey("X-Injected");
        SEEN.clear(); // the other tests expect the server to have seen nothing
    }
}
