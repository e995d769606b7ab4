package dev.onramp.spring.it.app;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** {@code @EnableWebSocket} handlers: an echo at {@code /handler} and one that can be kept busy at {@code /busy}. */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
public class Handlers implements WebSocketConfigurer {

    // one instance each, registered and published as beans (bean methods are not proxied here)
    private final EchoHandler echo = new EchoHandler();
    private final BusyHandler busy = new BusyHandler();

    @Bean
    EchoHandler echoHandler() {
        return echo;
    }

    @Bean
    BusyHandler busyHandler() {
        return busy;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(echo, "/handler");
        registry.addHandler(busy, "/busy");
    }

    /** Echoes text and binary messages; answers {@code who} with the class of the session under Spring's. */
    public static class EchoHandler extends AbstractWebSocketHandler {

        @Override
        protected void handleTextMessage(WebSocketSession session, TextMessage message) throws IOException {
            if ("who".equals(message.getPayload())) {
                Object nativeSession = ((NativeWebSocketSession) session).getNativeSession();
                session.sendMessage(new TextMessage(nativeSession.getClass().getName()));
                return;
            }
            session.sendMessage(message);
        }

        @Override
        protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) throws IOException {
            session.sendMessage(message);
        }
    }

    /** On {@code block}, stays in the handler until the test releases it, then answers {@code done}. */
    public static class BusyHandler extends TextWebSocketHandler {

        private final BlockingQueue<CountDownLatch> busy = new LinkedBlockingQueue<>();

        @Override
        protected void handleTextMessage(WebSocketSession session, TextMessage message) throws Exception {
            CountDownLatch release = new CountDownLatch(1);
            busy.add(release);
            if (!release.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the handler");
            }
            session.sendMessage(new TextMessage("done"));
        }

        /** Waits until a call of the handler is busy; returns what releases it. */
        public CountDownLatch awaitBusy() throws InterruptedException {
            CountDownLatch release = busy.poll(20, TimeUnit.SECONDS);
            if (release == null) {
                throw new AssertionError("the handler was not called within 20 s");
            }
            return release;
        }
    }
}
