package dev.onramp.servlet;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HeaderTokensTest {

    @Test
    void headerTokensSplitAndMatchIgnoringCase() {
        assertThat(HeaderTokens.split(List.of(" a , b,, c", "d"))).containsExactly("a", "b", "c", "d");
        assertThat(HeaderTokens.containsIgnoreCase(List.of("keep-alive, Upgrade"), "upgrade")).isTrue();
        assertThat(HeaderTokens.containsIgnoreCase(List.of("keep-alive, Upgraded"), "upgrade")).isFalse();
    }
}
