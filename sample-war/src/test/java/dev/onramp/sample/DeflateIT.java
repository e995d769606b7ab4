package dev.onramp.sample;

import dev.onramp.sample.ServerUnderTest.Kind;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Extension;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * permessage-deflate served by Onramp (the sample WAR in Tomcat and in Jetty) to a client Onramp did not write: Jetty 12's
 * Jakarta WebSocket client, which compresses what it sends and decompresses what it gets. (The JDK's
 * java.net.http.WebSocket offers no extensions at all.)
 */
class DeflateIT {

    @RegisterExtension
    static final ServersPerContainer SERVERS = new ServersPerContainer();

    private static Extension extension(String name, String... parameterNames) {
        List<Extension.Parameter> parameters = new ArrayList<>();
        for (String p : parameterNames) {
            parameters.add(new Extension.Parameter() {
                @Override
                public String getName() {
                    return p;
                }

                @Override
                public String getValue() {
                    return null;
                }
            });
        }
        return new Extension() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public List<Parameter> getParameters() {
                return parameters;
            }
        };
    }

    /** A Jetty client session whose received whole messages land in {@code received}. */
    private static Session connect(Kind kind, Extension offer, BlockingQueue<Object> received,
            CompletableFuture<CloseReason> closed) throws Exception {
        WebSocketContainer container = ContainerProvider.getWebSocketContainer();
        container.setDefaultMaxTextMessageBufferSize(8 * 1024 * 1024);
        container.setDefaultMaxBinaryMessageBufferSize(8 * 1024 * 1024);
        return container.connectToServer(new Endpoint() {
            @Override
            public void onOpen(Session s, EndpointConfig config) {
                s.addMessageHandler(String.class, (MessageHandler.Whole<String>) received::add);
                s.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) b -> {
                    byte[] copy = new byte[b.remaining()];
                    b.get(copy);
                    received.add(copy);
                });
            }

            @Override
            public void onClose(Session s, CloseReason reason) {
                closed.complete(reason);
            }
        }, ClientEndpointConfig.Builder.create().extensions(List.of(offer)).build(), SERVERS.get(kind).ws("/echo"));
    }

    private static Object next(BlockingQueue<Object> received) throws InterruptedException {
        Object m = received.poll(30, TimeUnit.SECONDS);
        assertThat(m).as("a message within 30 s").isNotNull();
        return m;
    }

    @ParameterizedTest
    @MethodSource("dev.onramp.sample.ServersPerContainer#containers")
    void jettysClientNegotiatesAndExchangesCompressedMessages(Kind kind) throws Exception {
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        CompletableFuture<CloseReason> closed = new CompletableFuture<>();
        Session session = connect(kind, extension("permessage-deflate", "client_max_window_bits"), received, closed);
        assertThat(session.getNegotiatedExtensions()).extracting(Extension::getName)
                .containsExactly("permessage-deflate");
        for (int i = 0; i < 5; i++) {
            session.getBasicRemote().sendText("Hello " + i);
            assertThat(next(received)).isEqualTo("Hello " + i);
        }
        String text = "the quick brown fox jumps over the lazy dog \u00e9\u20ac ".repeat(50_000); // ~2.5 MB
        session.getBasicRemote().sendText(text);
        assertThat(next(received)).isEqualTo(text);
        byte[] noise = new byte[3_000_000];
        new Random(5).nextBytes(noise);
        session.getBasicRemote().sendBinary(ByteBuffer.wrap(noise));
        assertThat((byte[]) next(received)).isEqualTo(noise);
        session.getBasicRemote().sendBinary(ByteBuffer.allocate(0));
        assertThat((byte[]) next(received)).isEmpty();
        session.close();
        assertThat(closed.get(30, TimeUnit.SECONDS).getCloseCode().getCode()).isEqualTo(1000);
    }

    @ParameterizedTest
    @MethodSource("dev.onramp.sample.ServersPerContainer#containers")
    void noContextTakeoverOfferedByJettysClient(Kind kind) throws Exception {
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        CompletableFuture<CloseReason> closed = new CompletableFuture<>();
        Session session = connect(kind, extension("permessage-deflate", "server_no_context_takeover",
                "client_no_context_takeover"), received, closed);
        assertThat(session.getNegotiatedExtensions()).singleElement().satisfies(e ->
                assertThat(e.getParameters()).extracting(Extension.Parameter::getName)
                        .contains("server_no_context_takeover", "client_no_context_takeover"));
        for (int i = 0; i < 5; i++) {
            session.getBasicRemote().sendText("same again " + i);
            assertThat(next(received)).isEqualTo("same again " + i);
        }
        session.close();
        assertThat(closed.get(30, TimeUnit.SECONDS).getCloseCode().getCode()).isEqualTo(1000);
    }
}
