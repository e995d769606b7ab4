package dev.onramp.websocket.endpoint;

import jakarta.websocket.server.ServerEndpointConfig;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PerConnectionServerEndpointConfigTest {

    @Test
    void anAnnotatedConfigIsCopiedAsItsOwnClassWithItsOwnUserProperties() throws Exception {
        AnnotatedServerEndpointConfig deployed =
                AnnotatedServerEndpointConfig.of(AnnotatedServerEndpointConfigTest.Full.class);
        deployed.getUserProperties().put("deployed", 1);
        ServerEndpointConfig connection = PerConnectionServerEndpointConfig.of(deployed);
        assertThat(connection).isInstanceOf(AnnotatedServerEndpointConfig.class).isNotSameAs(deployed);
        assertThat(((AnnotatedServerEndpointConfig) connection).model()).isSameAs(deployed.model());
        assertThat(connection.getConfigurator()).isSameAs(deployed.getConfigurator());
        assertThat(connection.getPath()).isEqualTo(deployed.getPath());
        assertThat(connection.getDecoders()).isEqualTo(deployed.getDecoders());
        assertThat(connection.getUserProperties()).containsOnlyKeys("deployed");
        connection.getUserProperties().put("connection", 2);
        connection.getUserProperties().remove("deployed");
        assertThat(deployed.getUserProperties()).containsOnlyKeys("deployed");
        assertThat(PerConnectionServerEndpointConfig.of(deployed).getUserProperties()).containsOnlyKeys("deployed");
    }

    @Test
    void anyOtherConfigIsWrappedAroundACopyOfItsUserProperties() {
        Map<String, Object> appMap = new HashMap<>(Map.of("app", 1));
        ServerEndpointConfig deployed = ServerEndpointConfig.Builder.create(Object.class, "/p")
                .subprotocols(java.util.List.of("v1")).build();
        deployed.getUserProperties().putAll(appMap);
        ServerEndpointConfig connection = PerConnectionServerEndpointConfig.of(deployed);
        assertThat(connection.getEndpointClass()).isEqualTo(Object.class);
        assertThat(connection.getSubprotocols()).containsExactly("v1");
        assertThat(connection.getConfigurator()).isSameAs(deployed.getConfigurator());
        connection.getUserProperties().put("null-value", null); // allowed, as in the application's own map
        connection.getUserProperties().remove("app");
        assertThat(deployed.getUserProperties()).isEqualTo(appMap);
        assertThat(((PerConnectionServerEndpointConfig) connection).deployed()).isSameAs(deployed);
    }
}
