package dev.onramp.payara;

import fish.payara.web.loader.ServletContainerInitializerBlacklist;
import jakarta.servlet.ServletContainerInitializer;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Keeps Tyrus (Payara's own Jakarta WebSocket implementation) out of every application that carries Onramp's
 * initializer, so that Onramp serves it on every start.
 *
 * <p>Payara keeps an application's initializers in a hash map keyed by class, so they run in an order that changes
 * from one JVM to the next. When Tyrus's runs first it publishes its container and its filter, and Onramp refuses to
 * start beside it; when Onramp's runs first Tyrus steps aside. Payara asks every
 * {@code fish.payara.web.loader.ServletContainerInitializerBlacklist} service, found through the application's
 * class loader, to edit that map before any initializer runs: this one removes Tyrus's entry when Onramp's is there,
 * and leaves the map alone otherwise (an application without Onramp keeps Tyrus).
 *
 * <p>It also hands Onramp's initializer a receipt: this class, added to the classes Onramp's initializer receives.
 * Onramp refuses to start in an application where Tyrus's initializer is registered unless it finds the receipt,
 * since Tyrus's may otherwise run after it on the next start.
 *
 * <p>Install: the jar in the application's {@code WEB-INF/lib}, or in Payara's libraries (Payara Micro:
 * {@code --addLibs onramp-payara-fix.jar}) for every application. Elsewhere nothing reads the service.
 */
public final class TyrusExclusion implements ServletContainerInitializerBlacklist {

    /** Tyrus's initializer, in Payara 7 and GlassFish. */
    static final String TYRUS_INITIALIZER = "org.glassfish.tyrus.servlet.TyrusServletContainerInitializer";
    /** Onramp's initializer (in onramp-servlet-bridge). */
    static final String ONRAMP_INITIALIZER = "dev.onramp.servlet.OnrampServletContainerInitializer";

    /** Instantiated by Payara's service loader. */
    public TyrusExclusion() {
    }

    @Override
    public void removeServletContainerInitializers(
            Map<Class<? extends ServletContainerInitializer>, Set<Class<?>>> initializers) {
        Class<? extends ServletContainerInitializer> onramp = find(initializers, ONRAMP_INITIALIZER);
        if (onramp == null) {
            return;
        }
        initializers.keySet().removeIf(initializer -> initializer.getName().equals(TYRUS_INITIALIZER));
        Set<Class<?>> classes = initializers.get(onramp);
        Set<Class<?>> withReceipt = classes == null ? new HashSet<>() : new HashSet<>(classes);
        withReceipt.add(TyrusExclusion.class);
        initializers.put(onramp, withReceipt);
    }

    private static Class<? extends ServletContainerInitializer> find(
            Map<Class<? extends ServletContainerInitializer>, Set<Class<?>>> initializers, String name) {
        for (Class<? extends ServletContainerInitializer> initializer : initializers.keySet()) {
            if (initializer.getName().equals(name)) {
                return initializer;
            }
        }
        return null;
    }
}
