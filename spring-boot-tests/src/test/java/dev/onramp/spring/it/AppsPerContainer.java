package dev.onramp.spring.it;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.EnumMap;
import java.util.Map;

/**
 * One application per embedded container, started once for a test class:
 * {@code @RegisterExtension static final AppsPerContainer APPS = new AppsPerContainer(WebSocketApplication.class);}
 * and tests over {@code @MethodSource("dev.onramp.spring.it.BootContainer#both")}.
 */
final class AppsPerContainer implements BeforeAllCallback, AfterAllCallback {

    private final Class<?>[] sources;
    private final String[] properties;
    private final Map<BootContainer, RunningApp> apps = new EnumMap<>(BootContainer.class);

    AppsPerContainer(Class<?> source, String... properties) {
        this.sources = new Class<?>[] {source};
        this.properties = properties;
    }

    RunningApp get(BootContainer container) {
        return apps.get(container);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        for (BootContainer container : BootContainer.both()) {
            apps.put(container, RunningApp.start(container, sources, properties));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        apps.values().forEach(RunningApp::close);
        apps.clear();
    }
}
