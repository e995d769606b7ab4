package dev.onramp.websocket.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onramp.websocket.protocol.Role;
import jakarta.websocket.Decoder;
import jakarta.websocket.Encoder;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Extension;
import jakarta.websocket.Session;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Server sessions of a {@link RecordingEndpoint} over an {@link InMemoryTransport}, for the session tests. */
final class TestSessions {

    private TestSessions() {
    }

    /** An endpoint configuration with these coders and a user-properties map of its own. */
    static EndpointConfig config(List<Class<? extends Encoder>> encoders, List<Class<? extends Decoder>> decoders) {
        Map<String, Object> props = new HashMap<>();
        return new EndpointConfig() {
            @Override
            public List<Class<? extends Encoder>> getEncoders() {
                return encoders;
            }

            @Override
            public List<Class<? extends Decoder>> getDecoders() {
                return decoders;
            }

            @Override
            public Map<String, Object> getUserProperties() {
                return props;
            }
        };
    }

    /** Opens a session without coders or extensions and waits for its onOpen (which runs {@code onOpen}). */
    static RecordingEndpoint open(InMemoryTransport transport, Consumer<Session> onOpen) throws InterruptedException {
        return open(transport, onOpen, List.of());
    }

    /** Opens a session with the negotiated extensions and waits for its onOpen (which runs {@code onOpen}). */
    static RecordingEndpoint open(InMemoryTransport transport, Consumer<Session> onOpen, List<Extension> extensions)
            throws InterruptedException {
        RecordingEndpoint endpoint = new RecordingEndpoint(onOpen);
        SessionSetup setup = SessionSetup.builder(Role.SERVER, endpoint, config(List.of(), List.of()),
                new TestContainer(), new OpenSessions()).requestUri(URI.create("/test")).extensions(extensions).build();
        WebSocketConnection.open(transport, setup);
        assertThat(endpoint.next()).isEqualTo("open");
        return endpoint;
    }
}
