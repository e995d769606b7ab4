package dev.onramp.tck.apps.programmatic;

import java.util.Set;

import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpointConfig;

/** Deploys {@link PrefixingEchoEndpoint} at {@code /programmatic} and filters out every annotated endpoint. */
public class EchoApplicationConfig implements ServerApplicationConfig {

    @Override
    public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> endpointClasses) {
        ServerEndpointConfig config = ServerEndpointConfig.Builder.create(PrefixingEchoEndpoint.class, "/programmatic")
                .build();
        config.getUserProperties().put("prefix", "programmatic:");
        return Set.of(config);
    }

    @Override
    public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
        return Set.of();
    }
}
