package dev.onramp.websocket.endpoint;

import dev.onramp.websocket.session.ExtensionParameter;
import jakarta.websocket.Extension;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExtensionHeadersTest {

    @Test
    void parsesOffersInOrderWithParameters() {
        List<Extension> offers = ExtensionHeaders.parse(List.of(
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
        List<Extension> offers = ExtensionHeaders.parse(List.of("a; x=1; y, b"));
        assertThat(ExtensionHeaders.format(offers)).isEqualTo("a; x=1; y, b");
        assertThat(ExtensionHeaders.format(List.of())).isNull();
    }

    @Test
    void rejectsAnOfferWithoutName() {
        assertThatThrownBy(() -> ExtensionHeaders.parse(List.of("; x=1"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void formatLeavesOutEmptyValuesAndQuotesValuesThatAreNotTokens() {
        Extension e = new ExtensionHeaders.SimpleExtension("x-ext", List.of(
                new ExtensionParameter("flag", null),
                new ExtensionParameter("empty", ""),
                new ExtensionParameter("plain", "10"),
                new ExtensionParameter("spaced", "a \"b\";c")));
        String header = ExtensionHeaders.format(List.of(e));
        assertThat(header).isEqualTo("x-ext; flag; empty; plain=10; spaced=\"a \\\"b\\\";c\"");
        List<Extension> back = ExtensionHeaders.parse(List.of(header));
        assertThat(back.get(0).getParameters()).extracting(Extension.Parameter::getValue)
                .containsExactly(null, null, "10", "a \"b\";c");
    }
}
