package dev.onramp.websocket.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onramp.testing.Frames;
import dev.onramp.websocket.testing.InMemoryTransport;
import jakarta.websocket.Decoder;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** What a session takes from its endpoint configuration: declared decoders and the initial user properties. */
class SessionConfigUseTest {

    /** Produces a Reader over "decoded:" + the message, where the built-in handling would stream the message. */
    public static class PrefixingReaderDecoder implements Decoder.Text<Reader> {
        @Override
        public Reader decode(String s) {
            return new StringReader("decoded:" + s);
        }

        @Override
        public boolean willDecode(String s) {
            return true;
        }
    }

    /** Produces an InputStream over "decoded:" + the message. */
    public static class PrefixingStreamDecoder implements Decoder.Binary<InputStream> {
        @Override
        public InputStream decode(ByteBuffer bytes) {
            byte[] message = new byte[bytes.remaining()];
            bytes.get(message);
            return new ByteArrayInputStream(("decoded:" + new String(message, StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public boolean willDecode(ByteBuffer bytes) {
            return true;
        }
    }

    private final InMemoryTransport transport = new InMemoryTransport();
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

    private static EndpointConfig config(List<Class<? extends Decoder>> decoders, Map<String, Object> props) {
        return TestSessions.config(List.of(), decoders, props);
    }

    private Session open(EndpointConfig config, Map<String, Object> sharedProperties, Consumer<Session> onOpen)
            throws InterruptedException {
        RecordingEndpoint endpoint = new RecordingEndpoint(onOpen);
        SessionSetup.Builder setup = TestSessions.setup(endpoint, config);
        if (sharedProperties != null) {
            setup.userProperties(sharedProperties);
        }
        return TestSessions.open(transport, endpoint, setup).session;
    }

    private static String readAll(Reader reader) {
        try {
            StringBuilder all = new StringBuilder();
            char[] buf = new char[64];
            int n;
            while ((n = reader.read(buf)) >= 0) {
                all.append(buf, 0, n);
            }
            return all.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String nextReceived() throws InterruptedException {
        String message = received.poll(10, TimeUnit.SECONDS);
        assertThat(message).as("a message within 10 s").isNotNull();
        return message;
    }

    @Test
    void aDeclaredReaderDecoderWinsOverTheBuiltInStreamingReader() throws Exception {
        open(config(List.of(PrefixingReaderDecoder.class), new HashMap<>()), null,
                s -> s.addMessageHandler(Reader.class, (MessageHandler.Whole<Reader>) r -> received.add(readAll(r))));
        transport.feed(Frames.clientText("hello"));
        assertThat(nextReceived()).isEqualTo("decoded:hello");
    }

    @Test
    void aDeclaredInputStreamDecoderWinsOverTheBuiltInStreamingInputStream() throws Exception {
        open(config(List.of(PrefixingStreamDecoder.class), new HashMap<>()), null,
                s -> s.addMessageHandler(InputStream.class, (MessageHandler.Whole<InputStream>) in -> {
                    try {
                        received.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }));
        transport.feed(Frames.client(Frames.BINARY, true, "bytes".getBytes(StandardCharsets.UTF_8)));
        assertThat(nextReceived()).isEqualTo("decoded:bytes");
    }

    @Test
    void withoutADeclaredDecoderAReaderStillStreamsTheRawMessage() throws Exception {
        open(config(List.of(PrefixingStreamDecoder.class), new HashMap<>()), null,
                s -> s.addMessageHandler(Reader.class, (MessageHandler.Whole<Reader>) r -> received.add(readAll(r))));
        transport.feed(Frames.clientText("plain"));
        assertThat(nextReceived()).isEqualTo("plain");
    }

    @Test
    void userPropertiesStartAsACopyOfTheConfigsAndStayTheSessionsOwn() throws Exception {
        Map<String, Object> configProperties = new HashMap<>(Map.of("from-config", 1));
        Session session = open(config(List.of(), configProperties), null, s -> { });
        assertThat(session.getUserProperties()).containsOnlyKeys("from-config");
        session.getUserProperties().put("from-session", 2);
        assertThat(configProperties).containsOnlyKeys("from-config");
    }

    @Test
    void aSharedUserPropertiesMapIsTheSessionsMap() throws Exception {
        Map<String, Object> perConnection = new HashMap<>(Map.of("from-handshake", 1));
        Session session = open(config(List.of(), new HashMap<>()), perConnection, s -> { });
        assertThat(session.getUserProperties()).isSameAs(perConnection);
    }

    @Test
    void pathParametersKeepTheTemplatesOrder() throws Exception {
        Map<String, String> params = new java.util.LinkedHashMap<>();
        for (String name : List.of("zeta", "alpha", "mu", "beta", "omega", "gamma")) {
            params.put(name, name.toUpperCase(java.util.Locale.ROOT));
        }
        RecordingEndpoint endpoint = new RecordingEndpoint(s -> { });
        TestSessions.open(transport, endpoint, TestSessions.setup(endpoint).pathParameters(params));
        assertThat(List.copyOf(endpoint.session.getPathParameters().keySet()))
                .containsExactly("zeta", "alpha", "mu", "beta", "omega", "gamma");
    }
}
