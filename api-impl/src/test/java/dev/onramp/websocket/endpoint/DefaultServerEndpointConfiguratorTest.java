package dev.onramp.websocket.endpoint;

import jakarta.websocket.Extension;
import jakarta.websocket.server.ServerEndpointConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DefaultServerEndpointConfiguratorTest {

    private final DefaultServerEndpointConfigurator configurator = new DefaultServerEndpointConfigurator();

    @Test
    void subprotocolIsTheClientsFirstSupportedChoice() {
        assertThat(configurator.getNegotiatedSubprotocol(List.of("b", "c", "a"), List.of("x", "a", "b")))
                .isEqualTo("a");
        assertThat(configurator.getNegotiatedSubprotocol(List.of("a"), List.of("x", "y"))).isEmpty();
        assertThat(configurator.getNegotiatedSubprotocol(List.of(), List.of("a"))).isEmpty();
        assertThat(configurator.getNegotiatedSubprotocol(List.of("a"), List.of())).isEmpty();
        // subprotocol tokens are compared as written
        assertThat(configurator.getNegotiatedSubprotocol(List.of("Chat"), List.of("chat"))).isEmpty();
    }

    @Test
    void extensionsAreTheRequestedInstalledOnesInRequestOrderWithClientParameters() {
        Extension installedA = ext("a");
        Extension installedB = ext("b", "p", "server");
        Extension requestedB = ext("b", "p", "client");
        Extension requestedX = ext("x");
        Extension requestedA = ext("a", "q", "1");
        List<Extension> negotiated = configurator.getNegotiatedExtensions(
                List.of(installedA, installedB), List.of(requestedB, requestedX, requestedA));
        assertThat(negotiated).containsExactly(requestedB, requestedA);
        assertThat(negotiated.get(0).getParameters().get(0).getValue()).isEqualTo("client");
    }

    @Test
    void anExtensionOfferedTwiceIsTakenOnceInItsFirstForm() {
        Extension first = ext("permessage-deflate", "client_max_window_bits", "10");
        Extension second = ext("permessage-deflate");
        assertThat(configurator.getNegotiatedExtensions(List.of(ext("permessage-deflate")), List.of(first, second)))
                .containsExactly(first);
    }

    @Test
    void nothingInstalledMeansNothingNegotiated() {
        assertThat(configurator.getNegotiatedExtensions(List.of(), List.of(ext("a")))).isEmpty();
    }

    @Test
    void checkOriginAcceptsEverything() {
        assertThat(configurator.checkOrigin("http://evil.example")).isTrue();
        assertThat(configurator.checkOrigin(null)).isTrue();
    }

    @Test
    void createsEndpointsWithThePublicNoArgConstructor() throws InstantiationException {
        assertThat(configurator.getEndpointInstance(Plain.class)).isInstanceOf(Plain.class);
        assertThat(configurator.getEndpointInstance(Plain.class))
                .isNotSameAs(configurator.getEndpointInstance(Plain.class));
    }

    @Test
    void explainsWhyAnEndpointCannotBeCreated() {
        assertThatThrownBy(() -> configurator.getEndpointInstance(NoDefaultConstructor.class))
                .isInstanceOf(InstantiationException.class)
                .hasMessageContaining(NoDefaultConstructor.class.getName())
                .hasMessageContaining("no public no-argument constructor");
        assertThatThrownBy(() -> configurator.getEndpointInstance(Throwing.class))
                .isInstanceOf(InstantiationException.class)
                .hasMessageContaining("boom")
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> configurator.getEndpointInstance(Abstract.class))
                .isInstanceOf(InstantiationException.class)
                .hasMessageContaining("abstract");
    }

    @Test
    void theApiConfiguratorDelegatesToThisOneThroughTheServiceLoader() throws InstantiationException {
        ServerEndpointConfig.Configurator api = new ServerEndpointConfig.Configurator();
        assertThat(api.getContainerDefaultConfigurator()).isInstanceOf(DefaultServerEndpointConfigurator.class);
        assertThat(api.getNegotiatedSubprotocol(List.of("b", "a"), List.of("a", "b"))).isEqualTo("a");
        assertThat(api.checkOrigin("x")).isTrue();
        assertThat(api.getEndpointInstance(Plain.class)).isInstanceOf(Plain.class);
        assertThat(configurator.getContainerDefaultConfigurator()).isSameAs(configurator);
    }

    public static class Plain {
        public Plain() {
        }
    }

    public static class NoDefaultConstructor {
        public NoDefaultConstructor(String s) {
        }
    }

    public static class Throwing {
        public Throwing() {
            throw new IllegalStateException("boom");
        }
    }

    public abstract static class Abstract {
    }

    static Extension ext(String name, String... params) {
        List<Extension.Parameter> list = new java.util.ArrayList<>();
        for (int i = 0; i < params.length; i += 2) {
            String n = params[i];
            String v = params[i + 1];
            list.add(new Extension.Parameter() {
                @Override
                public String getName() {
                    return n;
                }

                @Override
                public String getValue() {
                    return v;
                }
            });
        }
        return new Extension() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public List<Parameter> getParameters() {
                return list;
            }

            @Override
            public String toString() {
                return name + list;
            }
        };
    }
}
