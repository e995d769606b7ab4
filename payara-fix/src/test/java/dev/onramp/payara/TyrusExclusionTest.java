package dev.onramp.payara;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.websocket.server.ServerEndpoint;
import org.glassfish.tyrus.servlet.TyrusServletContainerInitializer;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TyrusExclusion} as a service, and on an application without Onramp. What it does to one with Onramp, with
 * the real initializers of both, is in servlet-bridge's {@code OtherImplementationTest}; that Payara calls it before
 * any initializer runs, in distribution-tests' Payara tests.
 */
class TyrusExclusionTest {

    @ServerEndpoint("/x")
    static final class SomeEndpoint {
    }

    private static Map<Class<? extends ServletContainerInitializer>, Set<Class<?>>> initializers(
            List<Class<? extends ServletContainerInitializer>> keys) {
        Map<Class<? extends ServletContainerInitializer>, Set<Class<?>>> map = new HashMap<>();
        for (Class<? extends ServletContainerInitializer> key : keys) {
            map.put(key, new HashSet<>(Set.of(SomeEndpoint.class)));
        }
        return map;
    }

    @Test
    void isAServiceOfPayarasInterface() {
        assertThat(ServiceLoader.load(fish.payara.web.loader.ServletContainerInitializerBlacklist.class).stream()
                .map(provider -> provider.type().getName()).collect(Collectors.toList()))
                .containsExactly(TyrusExclusion.class.getName());
    }

    @Test
    void anApplicationWithoutOnrampKeepsTyrus() {
        var map = initializers(List.of(TyrusServletContainerInitializer.class));
        new TyrusExclusion().removeServletContainerInitializers(map);
        assertThat(map).containsOnlyKeys(TyrusServletContainerInitializer.class);
        assertThat(map.get(TyrusServletContainerInitializer.class)).containsExactly(SomeEndpoint.class);
    }
}
