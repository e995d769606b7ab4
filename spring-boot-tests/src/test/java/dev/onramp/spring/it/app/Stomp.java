package dev.onramp.spring.it.app;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.stereotype.Controller;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;

/** STOMP over WebSocket at {@code /stomp} with Spring's simple broker: what is sent to /app/echo is published. */
@Configuration(proxyBeanMethods = false)
@EnableWebSocketMessageBroker
@Import(Stomp.EchoController.class)
public class Stomp implements WebSocketMessageBrokerConfigurer {

    @Override
    public void registerStompEndpoints(StompEndpointRegistry registry) {
        registry.addEndpoint("/stomp");
        // a session's frames are handled in the order they came: a SUBSCRIBE is in place before the next SEND
        registry.setPreserveReceiveOrder(true);
    }

    @Override
    public void configureMessageBroker(MessageBrokerRegistry registry) {
        registry.enableSimpleBroker("/topic");
        registry.setApplicationDestinationPrefixes("/app");
    }

    @Override
    public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
        registration.setMessageSizeLimit(WebSocketApplication.MAX_MESSAGE);
        registration.setSendBufferSizeLimit(4 * WebSocketApplication.MAX_MESSAGE);
    }

    /** Publishes what it receives. */
    @Controller
    public static class EchoController {

        @MessageMapping("/echo")
        @SendTo("/topic/echo")
        public String echo(String text) {
            return text;
        }

        @MessageMapping("/bytes")
        @SendTo("/topic/bytes")
        public byte[] bytes(byte[] payload) {
            return payload;
        }
    }
}
