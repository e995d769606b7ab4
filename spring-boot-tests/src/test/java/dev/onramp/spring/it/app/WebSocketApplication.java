package dev.onramp.spring.it.app;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * A Spring Boot application with the three ways Spring applications use WebSocket, as a user writes them: an
 * annotated {@code @ServerEndpoint} exported by {@code ServerEndpointExporter}, {@code @EnableWebSocket} handlers,
 * and STOMP. Nothing in it names Onramp: the starter on the class path does the rest.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({AnnotatedEndpoints.class, Handlers.class, Stomp.class})
public class WebSocketApplication {

    /** Messages up to this size: 1 MiB messages with room to spare. */
    public static final int MAX_MESSAGE = 2 * 1024 * 1024;

    /** Spring's way to set the ServerContainer's defaults (the container's default limits are 64 KiB). */
    @Bean
    ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(MAX_MESSAGE);
        container.setMaxBinaryMessageBufferSize(MAX_MESSAGE);
        return container;
    }
}
