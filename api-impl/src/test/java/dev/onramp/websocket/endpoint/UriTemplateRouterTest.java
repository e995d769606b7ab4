package dev.onramp.websocket.endpoint;

import jakarta.websocket.DeploymentException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UriTemplateRouterTest {

    private final UriTemplateRouter<String> router = new UriTemplateRouter<>();

    private void add(String path) throws DeploymentException {
        router.add(UriTemplate.parse(path), path);
    }

    private String route(String request) {
        UriTemplateRouter.Match<String> m = router.match(request);
        return m == null ? null : m.target();
    }

    @Test
    void exactMatchBeatsTemplates() throws DeploymentException {
        add("/{a}/{b}");
        add("/a/{b}");
        add("/a/b");
        add("/{a}/b");
        assertThat(route("/a/b")).isEqualTo("/a/b");
        UriTemplateRouter.Match<String> m = router.match("/a/b");
        assertThat(m.pathParameters()).isEmpty();
        assertThat(m.template().path()).isEqualTo("/a/b");
    }

    @Test
    void leftmostLiteralSegmentWins() throws DeploymentException {
        add("/{y}/b");
        add("/a/{x}");
        assertThat(route("/a/b")).isEqualTo("/a/{x}");
        assertThat(router.match("/a/b").pathParameters()).isEqualTo(Map.of("x", "b"));
        assertThat(route("/z/b")).isEqualTo("/{y}/b");
        assertThat(route("/z/c")).isNull();
    }

    @Test
    void precedenceDoesNotDependOnRegistrationOrder() throws DeploymentException {
        add("/a/{x}");
        add("/{y}/b");
        assertThat(route("/a/b")).isEqualTo("/a/{x}");
    }

    @Test
    void threeLevels() throws DeploymentException {
        add("/{a}/{b}/{c}");
        add("/{a}/{b}/c");
        add("/{a}/b/{c}");
        add("/a/{b}/{c}");
        add("/a/{b}/c");
        assertThat(route("/a/b/c")).isEqualTo("/a/{b}/c");
        assertThat(route("/a/x/y")).isEqualTo("/a/{b}/{c}");
        assertThat(route("/x/b/c")).isEqualTo("/{a}/b/{c}");
        assertThat(route("/x/y/c")).isEqualTo("/{a}/{b}/c");
        assertThat(route("/x/y/z")).isEqualTo("/{a}/{b}/{c}");
        assertThat(router.match("/x/y/z").pathParameters()).isEqualTo(Map.of("a", "x", "b", "y", "c", "z"));
    }

    @Test
    void onlyTemplatesWithTheRequestsSegmentCountMatch() throws DeploymentException {
        add("/{a}");
        add("/{a}/{b}/{c}");
        assertThat(route("/x/y")).isNull();
        assertThat(route("/x")).isEqualTo("/{a}");
        assertThat(route("/")).isNull();
        assertThat(route("")).isNull();
    }

    @Test
    void rootIsRoutable() throws DeploymentException {
        add("/");
        add("/{a}");
        assertThat(route("/")).isEqualTo("/");
        assertThat(route("/x")).isEqualTo("/{a}");
    }

    @Test
    void pathParametersAreDecoded() throws DeploymentException {
        add("/room/{name}");
        assertThat(router.match("/room/caf%C3%A9").pathParameters()).isEqualTo(Map.of("name", "café"));
    }

    @Test
    void rejectsTheSamePathTwice() throws DeploymentException {
        add("/a/{x}");
        assertThatThrownBy(() -> add("/a/{x}"))
                .isInstanceOf(DeploymentException.class)
                .hasMessageContaining("/a/{x}");
    }

    @Test
    void rejectsTemplatesThatDifferOnlyInVariableNames() throws DeploymentException {
        add("/a/{x}/c");
        assertThatThrownBy(() -> add("/a/{y}/c"))
                .isInstanceOf(DeploymentException.class)
                .hasMessageContaining("/a/{y}/c")
                .hasMessageContaining("/a/{x}/c");
        // the first registration still routes
        assertThat(route("/a/b/c")).isEqualTo("/a/{x}/c");
    }

    @Test
    void acceptsTemplatesOfDifferentShape() throws DeploymentException {
        add("/a/{x}");
        add("/{x}/a");
        add("/a/a");
        add("/a%2Fb");
        assertThat(route("/a%2Fb")).isEqualTo("/a%2Fb");
    }
}
