package dev.onramp.websocket.endpoint;

import jakarta.websocket.DeploymentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UriTemplateTest {

    @ParameterizedTest
    @ValueSource(strings = {"/", "/a", "/a/b", "/a/", "/{x}", "/a/{x}/c/{y}", "/caf%C3%A9", "/a-b_c.d~e",
            "/{x.y}", "/a/{b}/"})
    void acceptsWellFormedTemplates(String path) throws DeploymentException {
        assertThat(UriTemplate.parse(path).path()).isEqualTo(path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "a/b", "/a/{", "/a/}", "/{a}{b}", "/a{b}", "/{b}c", "/{}", "/{a}/{a}", "//",
            "/a//b", "/..", "/a/../b", "/.", "/a?b", "/a#b", "/a b", "/%zz", "/%C3", "/{a b}", "/{{a}}"})
    void rejectsMalformedTemplates(String path) {
        assertThatThrownBy(() -> UriTemplate.parse(path))
                .isInstanceOf(DeploymentException.class)
                .hasMessageContaining("'" + path + "'");
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> UriTemplate.parse(null)).isInstanceOf(DeploymentException.class);
    }

    @Test
    void listsVariablesInOrder() throws DeploymentException {
        assertThat(UriTemplate.parse("/r/{room}/u/{user}").variables()).containsExactly("room", "user");
        assertThat(UriTemplate.parse("/r").variables()).isEmpty();
    }

    @Test
    void matchesLiteralPathsExactly() throws DeploymentException {
        UriTemplate t = UriTemplate.parse("/chat/room");
        assertThat(t.match("/chat/room")).isEqualTo(Map.of());
        assertThat(t.match("/chat/rooms")).isNull();
        assertThat(t.match("/chat")).isNull();
        assertThat(t.match("/chat/room/")).isNull();
        assertThat(t.match("chat/room")).isNull();
        assertThat(t.match(null)).isNull();
    }

    @Test
    void capturesVariablesPerSegment() throws DeploymentException {
        UriTemplate t = UriTemplate.parse("/chat/{room}/{user}");
        assertThat(t.match("/chat/lobby/ann")).containsExactly(Map.entry("room", "lobby"), Map.entry("user", "ann"));
        assertThat(t.match("/chat/lobby")).isNull();
        assertThat(t.match("/chat/lobby/ann/x")).isNull();
        assertThat(t.match("/talk/lobby/ann")).isNull();
    }

    @Test
    void decodesEachSegmentAfterSplitting() throws DeploymentException {
        UriTemplate t = UriTemplate.parse("/f/{name}");
        // an encoded slash stays inside its segment; '+' is not a space in a path
        assertThat(t.match("/f/a%2Fb")).containsEntry("name", "a/b");
        assertThat(t.match("/f/caf%C3%A9")).containsEntry("name", "café");
        assertThat(t.match("/f/a+b")).containsEntry("name", "a+b");
        assertThat(t.match("/f/%F0%9F%98%80x")).containsEntry("name", "\uD83D\uDE00x");
        assertThat(t.match("/f/%zz")).isNull();
        assertThat(t.match("/f/%C3")).isNull();
    }

    @Test
    void comparesLiteralsDecoded() throws DeploymentException {
        assertThat(UriTemplate.parse("/caf%C3%A9").match("/café")).isEqualTo(Map.of());
        assertThat(UriTemplate.parse("/café").match("/caf%C3%A9")).isEqualTo(Map.of());
        assertThat(UriTemplate.parse("/a%20b").match("/a%20b")).isEqualTo(Map.of());
    }

    @Test
    void anEmptySegmentIsNoValueForAVariable() throws DeploymentException {
        assertThat(UriTemplate.parse("/a/{x}").match("/a/")).isNull();
        assertThat(UriTemplate.parse("/a/").match("/a/")).isEqualTo(Map.of());
    }

    @Test
    void rootMatchesOnlyRoot() throws DeploymentException {
        UriTemplate root = UriTemplate.parse("/");
        assertThat(root.match("/")).isEqualTo(Map.of());
        assertThat(root.match("/a")).isNull();
        assertThat(root.variables()).isEqualTo(List.of());
    }
}
