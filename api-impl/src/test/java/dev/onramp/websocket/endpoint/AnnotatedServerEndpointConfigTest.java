package dev.onramp.websocket.endpoint;

import dev.onramp.websocket.endpoint.TestDecoders.Point;
import dev.onramp.websocket.endpoint.TestDecoders.PointDecoder;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.EncodeException;
import jakarta.websocket.Encoder;
import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnnotatedServerEndpointConfigTest {

    public static class PointEncoder implements Encoder.Text<Point> {
        @Override
        public String encode(Point p) throws EncodeException {
            return p.x() + "," + p.y();
        }
    }

    public static class CustomConfigurator extends ServerEndpointConfig.Configurator {
        public CustomConfigurator() {
        }
    }

    public static class ConfiguratorWithArgument extends ServerEndpointConfig.Configurator {
        public ConfiguratorWithArgument(String s) {
        }
    }

    @ServerEndpoint(value = "/chat/{room}", subprotocols = {"v2", "v1"}, decoders = PointDecoder.class,
            encoders = PointEncoder.class, configurator = CustomConfigurator.class)
    public static class Full {
        @OnMessage
        public Point move(Point p) {
            return p;
        }
    }

    @ServerEndpoint("/plain")
    public static class Plain {
        @OnMessage
        public void text(String s) {
        }
    }

    @ServerEndpoint("chat")
    public static class RelativePath {
    }

    @ServerEndpoint("/a/{x}{y}")
    public static class BadTemplate {
    }

    @ServerEndpoint(value = "/c", configurator = ConfiguratorWithArgument.class)
    public static class BadConfigurator {
    }

    @ServerEndpoint("/illegal")
    public static class IllegalCallback {
        @OnMessage
        public void m(Object o) {
        }
    }

    public static class NotAnnotated {
    }

    @Test
    void readsTheAnnotation() throws DeploymentException {
        AnnotatedServerEndpointConfig config = AnnotatedServerEndpointConfig.of(Full.class);
        assertThat(config.getEndpointClass()).isEqualTo(Full.class);
        assertThat(config.getPath()).isEqualTo("/chat/{room}");
        assertThat(config.template().variables()).containsExactly("room");
        assertThat(config.getSubprotocols()).containsExactly("v2", "v1");
        assertThat(config.getDecoders()).containsExactly(PointDecoder.class);
        assertThat(config.getEncoders()).containsExactly(PointEncoder.class);
        assertThat(config.getExtensions()).isEmpty();
        assertThat(config.getConfigurator()).isExactlyInstanceOf(CustomConfigurator.class);
        assertThat(config.model().pojoClass()).isEqualTo(Full.class);
        // the model was compiled with the annotation's decoders
        assertThat(config.model().onMessage()).extracting(MessageCallback::messageType).containsExactly(Point.class);
    }

    @Test
    void usesTheContainerDefaultConfiguratorWhenNoneIsNamed() throws DeploymentException {
        AnnotatedServerEndpointConfig config = AnnotatedServerEndpointConfig.of(Plain.class);
        assertThat(config.getConfigurator()).isInstanceOf(DefaultServerEndpointConfigurator.class);
        assertThat(config.getSubprotocols()).isEmpty();
        assertThat(config.getDecoders()).isEmpty();
        assertThat(config.getEncoders()).isEmpty();
    }

    @Test
    void eachConfigHasItsOwnEmptyMutableUserProperties() throws DeploymentException {
        AnnotatedServerEndpointConfig a = AnnotatedServerEndpointConfig.of(Plain.class);
        AnnotatedServerEndpointConfig b = AnnotatedServerEndpointConfig.of(Plain.class);
        assertThat(a.getUserProperties()).isEmpty();
        a.getUserProperties().put("k", "v");
        assertThat(a.getUserProperties()).containsEntry("k", "v");
        assertThat(b.getUserProperties()).isEmpty();
    }

    @Test
    void rejectsInvalidDeclarations() {
        assertThatThrownBy(() -> AnnotatedServerEndpointConfig.of(NotAnnotated.class))
                .isInstanceOf(DeploymentException.class).hasMessageContaining(NotAnnotated.class.getName());
        assertThatThrownBy(() -> AnnotatedServerEndpointConfig.of(RelativePath.class))
                .isInstanceOf(DeploymentException.class)
                .hasMessageContaining(RelativePath.class.getName()).hasMessageContaining("must start with '/'");
        assertThatThrownBy(() -> AnnotatedServerEndpointConfig.of(BadTemplate.class))
                .isInstanceOf(DeploymentException.class)
                .hasMessageContaining(BadTemplate.class.getName()).hasMessageContaining("whole segment");
        assertThatThrownBy(() -> AnnotatedServerEndpointConfig.of(BadConfigurator.class))
                .isInstanceOf(DeploymentException.class)
                .hasMessageContaining(ConfiguratorWithArgument.class.getName())
                .hasMessageContaining(BadConfigurator.class.getName());
        assertThatThrownBy(() -> AnnotatedServerEndpointConfig.of(IllegalCallback.class))
                .isInstanceOf(DeploymentException.class)
                .hasMessageContaining(IllegalCallback.class.getName()).hasMessageContaining(".m(Object)");
    }

    @Test
    void aConfigsEndpointsComeFromItsConfigurator() throws Exception {
        AnnotatedServerEndpointConfig config = AnnotatedServerEndpointConfig.of(Plain.class);
        Object pojo = config.getConfigurator().getEndpointInstance(config.getEndpointClass());
        assertThat(config.model().newEndpoint(pojo)).isNotNull();
        assertThat(List.of(pojo)).hasOnlyElementsOfType(Plain.class);
    }
}
