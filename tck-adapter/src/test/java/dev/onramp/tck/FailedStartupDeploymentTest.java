package dev.onramp.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.http.HttpResponse;

import dev.onramp.tck.apps.broken.BrokenAppServlet;
import dev.onramp.tck.apps.broken.FailingListener;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shape of the TCK's negative deployments: the webapp fails to start, yet the deployment "succeeds" (no test
 * method would run otherwise), the URL is still injected, and nothing of the application is served.
 */
@ExtendWith(ArquillianExtension.class)
class FailedStartupDeploymentTest {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ShrinkWrap.create(WebArchive.class, "broken-app.war")
                .addClasses(FailingListener.class, BrokenAppServlet.class);
    }

    @ArquillianResource
    URL url;

    @Test
    void urlIsInjectedEvenThoughTheWebappDidNotStart() {
        assertThat(url.getHost()).isEqualTo("127.0.0.1");
        assertThat(url.getPort()).isPositive();
        assertThat(url.getPath()).isEqualTo("/broken-app/");
    }

    @Test
    void applicationIsNotServed() throws Exception {
        HttpResponse<String> response = Http.get(url.toURI().resolve("hello"));

        assertThat(response.statusCode()).isNotEqualTo(200);
        assertThat(response.body()).doesNotContain("hello from");
    }
}
