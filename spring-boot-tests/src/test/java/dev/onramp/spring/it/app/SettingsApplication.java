package dev.onramp.spring.it.app;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/** The {@code @EnableWebSocket} handlers with small limits set the Spring way: 1,000 characters, 1 s idle. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(Handlers.class)
public class SettingsApplication {

    public static final int MAX_TEXT = 1000;
    public static final long IDLE_MILLIS = 1000;

    @Bean
    ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(MAX_TEXT);
        container.setMaxSessionIdleTimeout(IDLE_MILLIS);
        return container;
    }
}
