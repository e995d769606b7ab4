package dev.onramp.spring.it;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** A Spring Boot application started for a test on 127.0.0.1 and a free port. */
final class RunningApp implements AutoCloseable {

    private final BootContainer container;
    private final ConfigurableApplicationContext context;
    private final int port;

    private RunningApp(BootContainer container, ConfigurableApplicationContext context) {
        this.container = container;
        this.context = context;
        this.port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    /** Starts the application made of {@code sources} on {@code container}, with extra properties. */
    static RunningApp start(BootContainer container, Class<?>[] sources, String... properties) {
        return new RunningApp(container, builder(container, sources, properties).run());
    }

    /** What {@link #start} runs, for tests that expect the start to fail. */
    static SpringApplicationBuilder builder(BootContainer container, Class<?>[] sources, String... properties) {
        List<String> all = new ArrayList<>(List.of("server.address=127.0.0.1", "server.port=0",
                "logging.level.root=WARN", container.exclusion()));
        all.addAll(List.of(properties));
        return new SpringApplicationBuilder(sources).web(WebApplicationType.SERVLET).bannerMode(Banner.Mode.OFF)
                .properties(all.toArray(String[]::new));
    }

    BootContainer container() {
        return container;
    }

    int port() {
        return port;
    }

    /** ws://127.0.0.1:PORT + path. */
    URI ws(String path) {
        return URI.create("ws://127.0.0.1:" + port + path);
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
