package dev.onramp.spring.it;

import dev.onramp.spring.AnotherWebSocketImplementationException;
import dev.onramp.spring.it.app.Handlers;
import jakarta.servlet.ServletContext;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.Endpoint;
import jakarta.websocket.Extension;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Whatever else publishes the application's {@code ServerContainer}, before Onramp's initializer runs or after it,
 * the application does not start, and the failure names the other implementation and where it came from. (The
 * containers' own implementations are refused earlier, by their jars: see ConflictIT.)
 */
class ForeignServerContainerIT {

    static final String ATTRIBUTE = "jakarta.websocket.server.ServerContainer";

    static Stream<Arguments> ordersAndContainers() {
        return BootContainer.both().stream().flatMap(container -> Stream.of(
                Arguments.of(container, Before.class), Arguments.of(container, After.class)));
    }

    @ParameterizedTest(name = "{0}, published {1}")
    @MethodSource("ordersAndContainers")
    void anotherServerContainerStopsTheApplication(BootContainer container, Class<?> order) {
        assertThatThrownBy(() -> RunningApp.start(container, new Class<?>[] {order}).close())
                .satisfies(failure -> {
                    AnotherWebSocketImplementationException cause = cause(failure);
                    assertThat(cause).as("in the causes of %s", failure.toString()).isNotNull();
                    assertThat(cause.getMessage()).contains(ForeignContainer.class.getName())
                            .contains("test-classes");
                });
    }

    private static AnotherWebSocketImplementationException cause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof AnotherWebSocketImplementationException found) {
                return found;
            }
        }
        return null;
    }

    /** Publishes a foreign container before Onramp's initializer runs. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Handlers.class)
    static class Before {
        @Bean
        ServletContextInitializer foreignFirst() {
            return new Publishing(Ordered.HIGHEST_PRECEDENCE);
        }
    }

    /** Replaces Onramp's container after its initializer ran, as a container's own initializer run later does. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Handlers.class)
    static class After {
        @Bean
        ServletContextInitializer foreignLast() {
            return new Publishing(Ordered.LOWEST_PRECEDENCE);
        }
    }

    private record Publishing(int order) implements ServletContextInitializer, Ordered {
        @Override
        public void onStartup(ServletContext servletContext) {
            servletContext.setAttribute(ATTRIBUTE, new ForeignContainer());
        }

        @Override
        public int getOrder() {
            return order;
        }
    }

    /** Another implementation's ServerContainer, as far as Onramp can tell. */
    static final class ForeignContainer implements ServerContainer {
        @Override public void addEndpoint(Class<?> endpointClass) { }
        @Override public void addEndpoint(ServerEndpointConfig serverConfig) { }
        @Override public void upgradeHttpToWebSocket(Object request, Object response, ServerEndpointConfig config,
                Map<String, String> pathParameters) { }
        @Override public long getDefaultAsyncSendTimeout() { return 0; }
        @Override public void setAsyncSendTimeout(long timeoutmillis) { }
        @Override public Session connectToServer(Object annotatedEndpointInstance, URI path) { return null; }
        @Override public Session connectToServer(Class<?> annotatedEndpointClass, URI path) { return null; }
        @Override public Session connectToServer(Endpoint endpointInstance, ClientEndpointConfig cec, URI path) {
            return null;
        }
        @Override public Session connectToServer(Class<? extends Endpoint> endpointClass, ClientEndpointConfig cec,
                URI path) {
            return null;
        }
        @Override public long getDefaultMaxSessionIdleTimeout() { return 0; }
        @Override public void setDefaultMaxSessionIdleTimeout(long timeout) { }
        @Override public int getDefaultMaxBinaryMessageBufferSize() { return 0; }
        @Override public void setDefaultMaxBinaryMessageBufferSize(int max) { }
        @Override public int getDefaultMaxTextMessageBufferSize() { return 0; }
        @Override public void setDefaultMaxTextMessageBufferSize(int max) { }
        @Override public Set<Extension> getInstalledExtensions() { return Set.of(); }
    }
}
