package dev.onramp.spring.it;

import dev.onramp.spring.it.app.WebSocketApplication;
import dev.onramp.websocket.client.OnrampClientContainer;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.messaging.converter.ByteArrayMessageConverter;
import org.springframework.messaging.converter.CompositeMessageConverter;
import org.springframework.messaging.converter.StringMessageConverter;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.socket.messaging.WebSocketStompClient;

import java.lang.reflect.Type;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * STOMP with Spring's own client ({@code WebSocketStompClient} over {@code StandardWebSocketClient}) against the
 * simple broker of a Boot application with the starter. The client runs on Onramp's client container: it is the
 * {@code ContainerProvider}'s container here (Spring's default), and the STOMP connection is one of its sessions.
 */
class StompIT {

    @RegisterExtension
    static final AppsPerContainer APPS = new AppsPerContainer(WebSocketApplication.class);

    @ParameterizedTest
    @MethodSource("dev.onramp.spring.it.BootContainer#both")
    void textAndAOneMebibyteBinaryMessageMakeTheRoundTripThroughTheBroker(BootContainer container) throws Exception {
        WebSocketContainer webSocketContainer = ContainerProvider.getWebSocketContainer();
        assertThat(webSocketContainer).as("what StandardWebSocketClient() uses").isInstanceOf(OnrampClientContainer.class);
        OnrampClientContainer onramp = (OnrampClientContainer) webSocketContainer;
        onramp.setDefaultMaxBinaryMessageBufferSize(WebSocketApplication.MAX_MESSAGE);
        onramp.setDefaultMaxTextMessageBufferSize(WebSocketApplication.MAX_MESSAGE);
        WebSocketStompClient stomp = new WebSocketStompClient(new StandardWebSocketClient(onramp));
        stomp.setMessageConverter(new CompositeMessageConverter(
                List.of(new StringMessageConverter(), new ByteArrayMessageConverter())));
        stomp.setInboundMessageSizeLimit(WebSocketApplication.MAX_MESSAGE);

        StompSession session = stomp.connectAsync(APPS.get(container).ws("/stomp").toString(),
                new StompSessionHandlerAdapter() { }).get(20, TimeUnit.SECONDS);
        try {
            List<Session> underneath = List.copyOf(onramp.allSessions().snapshot());
            assertThat(underneath).as("the STOMP connection is a session of Onramp's client").hasSize(1);
            assertThat(underneath.get(0).getClass().getName()).startsWith("dev.onramp.websocket.");

            BlockingQueue<Object> texts = subscribe(session, "/topic/echo", String.class);
            BlockingQueue<Object> bytes = subscribe(session, "/topic/bytes", byte[].class);
            session.send("/app/echo", "Grüße über STOMP ✓");
            assertThat(texts.poll(20, TimeUnit.SECONDS)).isEqualTo("Grüße über STOMP ✓");

            byte[] payload = new byte[1024 * 1024];
            new Random(13).nextBytes(payload);
            StompHeaders send = new StompHeaders();
            send.setDestination("/app/bytes");
            send.setContentType(MimeTypeUtils.APPLICATION_OCTET_STREAM);
            session.send(send, payload);
            assertThat((byte[]) bytes.poll(60, TimeUnit.SECONDS)).isEqualTo(payload);
        } finally {
            session.disconnect();
            stomp.stop();
        }
    }

    /** Subscribes; the server handles this session's frames in order, so a later SEND finds the subscription. */
    private static BlockingQueue<Object> subscribe(StompSession session, String destination, Class<?> type) {
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        session.subscribe(destination, new StompFrameHandler() {
            @Override
            public Type getPayloadType(StompHeaders headers) {
                return type;
            }

            @Override
            public void handleFrame(StompHeaders headers, Object payload) {
                received.add(payload);
            }
        });
        return received;
    }

    @ParameterizedTest
    @MethodSource("dev.onramp.spring.it.BootContainer#both")
    void springsDefaultStandardWebSocketClientRunsOnOnramp(BootContainer container) throws Exception {
        BlockingQueue<String> replies = new LinkedBlockingQueue<>();
        WebSocketSession session = new StandardWebSocketClient().execute(new TextWebSocketHandler() {
            @Override
            protected void handleTextMessage(WebSocketSession s, TextMessage message) {
                replies.add(message.getPayload());
            }
        }, APPS.get(container).ws("/handler").toString()).get(20, TimeUnit.SECONDS);
        try {
            assertThat(((NativeWebSocketSession) session).getNativeSession().getClass().getName())
                    .startsWith("dev.onramp.websocket.");
            session.sendMessage(new TextMessage("hello"));
            assertThat(replies.poll(20, TimeUnit.SECONDS)).isEqualTo("hello");
        } finally {
            session.close();
        }
    }
}
