package dev.onramp.servlet;

import jakarta.websocket.Extension;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExtensionOffersTest {

    @Test
    void parsesOffersInOrderWithParameters() {
        List<Extension> offers = ExtensionOffers.parse(List.of(
                "permessage-deflate; client_max_window_bits, foo; a=1; b=\"x,y\"", "ext1"));
        assertThat(offers).extracting(Extension::getName).containsExactly("permessage-deflate", "foo", "ext1");
        assertThat(offers.get(0).getParameters()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("client_max_window_bits");
            assertThat(p.getValue()).isNull();
        });
        assertThat(offers.get(1).getParameters()).extracting(Extension.Parameter::getName, Extension.Parameter::getValue)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", "1"), org.assertj.core.groups.Tuple.tuple("b", "x,y"));
    }

    @Test
    void formatsTheAnswer() {
        List<Extension> offers = ExtensionOffers.parse(List.of("a; x=1; y, b"));
        assertThat(ExtensionOffers.format(offers)).isEqualTo("a; x=1; y, b");
        assertThat(ExtensionOffers.format(List.of())).isNull();
    }

    @Test
    void rejectsAnOfferWithoutName() {
        assertThatThrownBy(() -> ExtensionOffers.parse(List.of("; x=1"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void headerTokensSplitAndMatchIgnoringCase() {
        assertThat(HeaderTokens.split(List.of(" a , b,, c", "d"))).containsExactly("a", "b", "c", "d");
        assertThat(HeaderTokens.containsIgnoreCase(List.of("keep-alive, Upgrade"), "upgrade")).isTrue();
        assertThat(HeaderTokens.containsIgnoreCase(List.of("keep-alive, Upgraded"), "upgrade")).isFalse();
    }
}
