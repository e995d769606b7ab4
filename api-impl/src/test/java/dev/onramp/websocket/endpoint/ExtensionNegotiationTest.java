package dev.onramp.websocket.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onramp.websocket.protocol.DeflateParameters;
import dev.onramp.websocket.session.DeflateExtension;
import jakarta.websocket.Extension;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Server and client negotiation of permessage-deflate over Sec-WebSocket-Extensions values. */
class ExtensionNegotiationTest {
    private static final List<Extension> IMPLEMENTED = List.of(new DeflateExtension(DeflateParameters.defaults()));
    private final DefaultServerEndpointConfigurator configurator = new DefaultServerEndpointConfigurator();

    private String serverAnswer(String offerHeader) {
        List<Extension> offered = ExtensionHeaders.parse(List.of(offerHeader));
        List<Extension> chosen = configurator.getNegotiatedExtensions(
                ExtensionNegotiation.installed(List.of(), IMPLEMENTED), offered);
        return ExtensionHeaders.format(ExtensionNegotiation.serverAgree(chosen, offered));
    }

    @Test
    void theServerAnswersWithAgreedParametersNotTheOffer() {
        assertThat(serverAnswer("permessage-deflate; client_max_window_bits")).isEqualTo("permessage-deflate");
        assertThat(serverAnswer("permessage-deflate; client_no_context_takeover; server_max_window_bits=9"))
                .isEqualTo("permessage-deflate; client_no_context_takeover; server_max_window_bits=9");
    }

    @Test
    void anUnacceptableOfferGivesWayToTheNextAlternative() {
        assertThat(serverAnswer("permessage-deflate; x-unknown, permessage-deflate; server_no_context_takeover"))
                .isEqualTo("permessage-deflate; server_no_context_takeover");
        assertThat(serverAnswer("permessage-deflate; server_max_window_bits=99")).isNull();
    }

    @Test
    void otherExtensionsPassAndDeflateIsAgreedOnce() {
        List<Extension> offered = ExtensionHeaders.parse(List.of("x-foo; a=1, permessage-deflate, permessage-deflate"));
        List<Extension> agreed = ExtensionNegotiation.serverAgree(offered, offered);
        assertThat(ExtensionHeaders.format(agreed)).isEqualTo("x-foo; a=1, permessage-deflate");
        assertThat(agreed.get(1)).isInstanceOf(DeflateExtension.class);
    }

    @Test
    void aConfiguratorThatDeclinesLeavesDeflateOut() {
        List<Extension> offered = ExtensionHeaders.parse(List.of("permessage-deflate"));
        assertThat(ExtensionNegotiation.serverAgree(List.of(), offered)).isEmpty();
    }

    @Test
    void installedListsTheConfiguredExtensionsThenOnrampsOwn() {
        List<Extension> configured = ExtensionHeaders.parse(List.of("x-foo"));
        assertThat(ExtensionNegotiation.installed(configured, IMPLEMENTED)).extracting(Extension::getName)
                .containsExactly("x-foo", "permessage-deflate");
        List<Extension> deflateConfigured = ExtensionHeaders.parse(List.of("permessage-deflate"));
        assertThat(ExtensionNegotiation.installed(deflateConfigured, IMPLEMENTED)).hasSize(1);
    }

    @Test
    void theClientChecksTheAnswerAgainstItsOffers() {
        List<Extension> offers = ExtensionHeaders.parse(List.of("permessage-deflate; client_max_window_bits"));
        Extension ok = ExtensionNegotiation.clientAgree(
                ExtensionHeaders.parse(List.of("permessage-deflate; client_max_window_bits=10")).get(0), offers);
        assertThat(ok).isInstanceOf(DeflateExtension.class);
        assertThat(((DeflateExtension) ok).agreed().clientMaxWindowBits()).isEqualTo(10);
        assertThat(ExtensionHeaders.format(List.of(ok))).isEqualTo("permessage-deflate; client_max_window_bits=10");

        List<Extension> plain = ExtensionHeaders.parse(List.of("permessage-deflate"));
        assertThatThrownBy(() -> ExtensionNegotiation.clientAgree(
                ExtensionHeaders.parse(List.of("permessage-deflate; client_max_window_bits=10")).get(0), plain))
                .isInstanceOf(IllegalArgumentException.class);
        Extension other = ExtensionHeaders.parse(List.of("x-foo")).get(0);
        assertThat(ExtensionNegotiation.clientAgree(other, plain)).isSameAs(other);
    }
}
