package dev.onramp.websocket.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onramp.websocket.protocol.Role;
import dev.onramp.websocket.testing.InMemoryTransport;
import dev.onramp.websocket.testing.TestContainer;
import jakarta.websocket.Decoder;
import jakarta.websocket.Encoder;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Extension;
import jakarta.websocket.Session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Server sessions of a {@link RecordingEndpoint} over an {@link InMemoryTransport}, for the session tests. */
final class TestSessions {

    private TestSessions() {
    }

    /** An endpoint configuration without coders and with a user-properties map of its own. */
    static EndpointConfig config() {
        return config(List.of(), List.of());
    }

    /** An endpoint configuration with these coders and a user-properties map of its own. */
    static EndpointConfig config(List<Class<? extends Encoder>> encoders, List<Class<? extends Decoder>> decoders) {
        return config(encoders, decoders, new HashMap<>());
    }

    /** An endpoint configuration with these coders and user properties. */
    static EndpointConfig config(List<Class<? extends Encoder>> encoders, List<Class<? extends Decoder>> decoders,
            Map<String, Object> props) {
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

    /** The setup of a server session of this endpoint at "/test", without coders or extensions; change it at will. */
    static SessionSetup.Builder setup(RecordingEndpoint endpoint) {
        return setup(endpoint, config());
    }

    /** The setup of a server session of this endpoint and configuration at "/test". */
    static SessionSetup.Builder setup(RecordingEndpoint endpoint, EndpointConfig config) {
        return SessionSetup.builder(Role.SERVER, endpoint, config, new TestContainer(), new OpenSessions())
                .requestUri(URI.create("/test"));
    }

    /** Opens the session and waits for its onOpen. */
    static RecordingEndpoint open(InMemoryTransport transport, RecordingEndpoint endpoint, SessionSetup.Builder setup)
            throws InterruptedException {
        WebSocketConnection.open(transport, setup.build());
        assertThat(endpoint.next()).isEqualTo("open");
        return endpoint;
    }

    /** Opens a session without coders or extensions and waits for its onOpen (which runs {@code onOpen}). */
    static RecordingEndpoint open(InMemoryTransport transport, Consumer<Session> onOpen) throws InterruptedException {
        return open(transport, onOpen, List.of());
    }

    /** Opens a session with the negotiated extensions and waits for its onOpen (which runs {@code onOpen}). */
    static RecordingEndpoint open(InMemoryTransport transport, Consumer<Session> onOpen, List<Extension> extensions)
            throws InterruptedException {
        RecordingEndpoint endpoint = new RecordingEndpoint(onOpen);
        return open(transport, endpoint, setup(endpoint).extensions(extensions));
    }

    /** Opens a session whose text handler echoes each message with a blocking send. */
    static RecordingEndpoint openEcho(InMemoryTransport transport) throws InterruptedException {
        return open(transport, s -> s.addMessageHandler(String.class, text -> {
            try {
                s.getBasicRemote().sendText(text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }));
    }
}
