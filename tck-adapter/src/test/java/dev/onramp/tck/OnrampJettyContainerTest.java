package dev.onramp.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onramp.testing.Frames;
import dev.onramp.testing.RawWebSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.onramp.tck.apps.broken.BrokenAppServlet;
import dev.onramp.tck.apps.broken.FailingListener;
import dev.onramp.tck.apps.echo.EchoEndpoint;
import dev.onramp.tck.apps.hello.HelloServlet;
import org.jboss.arquillian.container.spi.ConfigurationException;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.container.spi.client.protocol.metadata.Servlet;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The container driven directly, without Arquillian's runner: lifecycle, metadata, undeploy, failure policy. */
class OnrampJettyContainerTest {

    @TempDir
    Path workDirectory;

    private OnrampJettyContainer container;

    private OnrampJettyContainer started(boolean failOnStartupError) throws Exception {
        OnrampJettyContainerConfiguration configuration = new OnrampJettyContainerConfiguration();
        configuration.setWorkDirectory(workDirectory.toString());
        configuration.setFailDeploymentOnStartupError(failOnStartupError);
        configuration.validate();
        container = new OnrampJettyContainer();
        container.setup(configuration);
        container.start();
        return container;
    }

    @AfterEach
    void stop() throws Exception {
        if (container != null) {
            container.stop();
        }
    }

    private static WebArchive helloWar(String name) {
        return ShrinkWrap.create(WebArchive.class, name).addClass(HelloServlet.class);
    }

    private static WebArchive brokenWar() {
        return ShrinkWrap.create(WebArchive.class, "broken.war").addClasses(FailingListener.class, BrokenAppServlet.class);
    }

    private static URI baseUri(ProtocolMetaData metaData) {
        HTTPContext http = metaData.getContexts(HTTPContext.class).iterator().next();
        return http.getServletByName("default").getBaseURI();
    }

    @Test
    void metadataNamesLoopbackTheRealPortAndTheServlets() throws Exception {
        ProtocolMetaData metaData = started(false).deploy(helloWar("meta.war"));

        HTTPContext http = metaData.getContexts(HTTPContext.class).iterator().next();
        assertThat(http.getHost()).isEqualTo("127.0.0.1");
        assertThat(http.getPort()).isPositive();
        assertThat(http.getServlets()).extracting(Servlet::getName).contains("default", "hello");
        assertThat(baseUri(metaData).getPath()).isEqualTo("/meta/");
    }

    @Test
    void undeployStopsServingAndRemovesTheFiles() throws Exception {
        OnrampJettyContainer jetty = started(false);
        WebArchive war = helloWar("gone.war");
        URI hello = baseUri(jetty.deploy(war)).resolve("hello");
        assertThat(Http.get(hello).statusCode()).isEqualTo(200);

        jetty.undeploy(war);

        assertThat(Http.get(hello).statusCode()).isEqualTo(404);
        assertThat(jetty.deployedArchiveNames()).isEmpty();
        try (var files = Files.list(workDirectory)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void webappsAreIndependentAndCanBeRedeployedUnderTheSameName() throws Exception {
        OnrampJettyContainer jetty = started(false);
        WebArchive first = helloWar("one.war");
        URI one = baseUri(jetty.deploy(first)).resolve("hello");
        URI two = baseUri(jetty.deploy(helloWar("two.war"))).resolve("hello");
        jetty.undeploy(first);
        assertThat(Http.get(two).body()).isEqualTo("hello from /two webapp-loaded=true");

        URI again = baseUri(jetty.deploy(helloWar("one.war"))).resolve("hello");

        assertThat(again).isEqualTo(one);
        assertThat(Http.get(again).body()).isEqualTo("hello from /one webapp-loaded=true");
    }

    @Test
    void failedStartupStillReturnsMetadataByDefault() throws Exception {
        ProtocolMetaData metaData = started(false).deploy(brokenWar());

        assertThat(baseUri(metaData).getPath()).isEqualTo("/broken/");
        assertThat(Http.get(baseUri(metaData).resolve("hello")).statusCode()).isEqualTo(503);
    }

    @Test
    void failedStartupThrowsWhenConfiguredToAndLeavesNothingDeployed() throws Exception {
        OnrampJettyContainer jetty = started(true);

        assertThatThrownBy(() -> jetty.deploy(brokenWar())).isInstanceOf(DeploymentException.class);
        assertThat(jetty.deployedArchiveNames()).isEmpty();
    }

    @Test
    void onlyWebArchivesAreAccepted() throws Exception {
        OnrampJettyContainer jetty = started(false);

        assertThatThrownBy(() -> jetty.deploy(ShrinkWrap.create(JavaArchive.class, "lib.jar")))
                .isInstanceOf(DeploymentException.class);
    }

    @Test
    void aBrowserStyleHandshakeWithoutContentLengthCarriesItsFrames() throws Exception {
        ProtocolMetaData metaData = started(false)
                .deploy(ShrinkWrap.create(WebArchive.class, "browser.war").addClass(EchoEndpoint.class));
        URI base = baseUri(metaData);

        try (RawWebSocket socket = RawWebSocket.open(base.getHost(), base.getPort(), base.getPath() + "echo")) {
            assertThat(socket.responseHead()).startsWith("HTTP/1.1 101 ");
            socket.send(Frames.clientText("hi"));
            assertThat(socket.in().readNBytes(4)).containsExactly(0x81, 0x02, 'h', 'i');
        }
    }

    @Test
    void contextPathIsTheArchiveNameWithoutExtension() {
        assertThat(OnrampJettyContainer.contextPathOf("ws_session_web.war")).isEqualTo("/ws_session_web");
        assertThat(OnrampJettyContainer.contextPathOf("ROOT.war")).isEqualTo("/");
    }

    @Test
    void configurationRejectsOutOfRangePortsAndBlankAddresses() {
        OnrampJettyContainerConfiguration configuration = new OnrampJettyContainerConfiguration();
        assertThat(configuration.getBindAddress()).isEqualTo("127.0.0.1");
        assertThat(configuration.getBindHttpPort()).isZero();

        configuration.setBindHttpPort(70_000);
        assertThatThrownBy(configuration::validate).isInstanceOf(ConfigurationException.class);
        configuration.setBindHttpPort(0);
        configuration.setBindAddress(" ");
        assertThatThrownBy(configuration::validate).isInstanceOf(ConfigurationException.class);
    }
}
