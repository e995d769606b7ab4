package dev.onramp.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.http.HttpResponse;

import dev.onramp.tck.apps.hello.HelloServlet;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A WAR deployed through Arquillian is a real webapp: annotations processed, URL injected, webapp-first loading. */
@ExtendWith(ArquillianExtension.class)
class PlainServletDeploymentTest {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ShrinkWrap.create(WebArchive.class, "hello-app.war").addClass(HelloServlet.class);
    }

    @ArquillianResource
    URL url;

    @Test
    void injectedUrlIsTheContextRootOnLoopbackWithTheRealPort() {
        assertThat(url.getProtocol()).isEqualTo("http");
        assertThat(url.getHost()).isEqualTo("127.0.0.1");
        assertThat(url.getPort()).isPositive();
        assertThat(url.getPath()).isEqualTo("/hello-app/");
    }

    @Test
    void annotatedServletIsServedFromTheWarsOwnClassLoader() throws Exception {
        HttpResponse<String> response = Http.get(url.toURI().resolve("hello"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("hello from /hello-app webapp-loaded=true");
    }
}
