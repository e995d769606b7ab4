package dev.onramp.spring.it.app;

import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.server.standard.ServerEndpointExporter;

import java.nio.ByteBuffer;

/** {@code @ServerEndpoint} classes, deployed by Spring's exporter once the application's beans exist. */
@Configuration(proxyBeanMethods = false)
public class AnnotatedEndpoints {

    @Bean
    ServerEndpointExporter serverEndpointExporter() {
        ServerEndpointExporter exporter = new ServerEndpointExporter();
        exporter.setAnnotatedEndpointClasses(Echo.class);
        return exporter;
    }

    /** Echoes text and binary messages; answers {@code who} with the class of its session. */
    @ServerEndpoint("/annotated")
    public static class Echo {

        @OnMessage(maxMessageSize = WebSocketApplication.MAX_MESSAGE)
        public String text(String message, Session session) {
            return "who".equals(message) ? session.getClass().getName() : message;
        }

        @OnMessage(maxMessageSize = WebSocketApplication.MAX_MESSAGE)
        public ByteBuffer binary(ByteBuffer message) {
            return message;
        }
    }
}
