package dev.onramp.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.ServiceLoader;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.websocket.ContainerProvider;
import org.junit.jupiter.api.Test;

/**
 * The test class path must hold exactly one Jakarta WebSocket provider, Onramp: another provider's initializer would
 * serve the WARs instead of Onramp and its ContainerProvider could win the client-side lookup.
 */
class ClassPathGuardTest {

    private static final List<String> OTHER_PROVIDERS = List.of(
            "org.eclipse.jetty.ee11.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer",
            "org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer",
            "org.eclipse.jetty.websocket.core.server.WebSocketServerComponents",
            "org.glassfish.tyrus.core.TyrusWebSocketEngine",
            "org.apache.tomcat.websocket.server.WsSci",
            "io.undertow.websockets.jsr.Bootstrap");

    @Test
    void noOtherWebSocketImplementationIsLoadable() {
        for (String className : OTHER_PROVIDERS) {
            assertThat(isLoadable(className)).as(className).isFalse();
        }
    }

    @Test
    void theOnlyServletContainerInitializerIsOnramps() {
        assertThat(ServiceLoader.load(ServletContainerInitializer.class).stream().map(p -> p.type().getName()))
                .containsExactly("dev.onramp.servlet.OnrampServletContainerInitializer");
    }

    @Test
    void theOnlyContainerProviderIsOnramps() {
        assertThat(ServiceLoader.load(ContainerProvider.class).stream().map(p -> p.type().getName()))
                .singleElement().asString().startsWith("dev.onramp.");
    }

    private static boolean isLoadable(String className) {
        try {
            Class.forName(className, false, ClassPathGuardTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
