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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each container (Jetty and Tomcat) driven directly, without Arquillian's runner: lifecycle, metadata, undeploy,
 * failure policy.
 */
class OnrampContainersTest {

    /** The containers under test. */
    enum Kind { JETTY, TOMCAT }

    @TempDir
    Path workDirectory;

    private WarDeployingContainer<?, ?> container;

    private WarDeployingContainer<?, ?> started(Kind kind, boolean failOnStartupError) throws Exception {
        if (kind == Kind.JETTY) {
            OnrampJettyContainer jetty = new OnrampJettyContainer();
            jetty.setup(configured(new OnrampJettyContainerConfiguration(), failOnStartupError));
            container = jetty;
        } else {
            OnrampTomcatContainer tomcat = new OnrampTomcatContainer();
            tomcat.setup(configured(new OnrampTomcatContainerConfiguration(), failOnStartupError));
            container = tomcat;
        }
        container.start();
        return container;
    }

    private <C extends OnrampContainerConfiguration> C configured(C configuration, boolean failOnStartupError)
            throws ConfigurationException {
        configuration.setWorkDirectory(workDirectory.toString());
        configuration.setFailDeploymentOnStartupError(failOnStartupError);
        configuration.validate();
        return configuration;
    }

    @AfterEach
    void stop() throws Exception {
        if (container != null) {
            container.stop();
        }
    }

    @Test
    void theSystemPropertyChoosesTheContainerArquillianRuns() {
        String before = System.getProperty(OnrampExtension.CONTAINER_PROPERTY);
        try {
            System.clearProperty(OnrampExtension.CONTAINER_PROPERTY);
            assertThat(OnrampExtension.chosen()).isEqualTo(OnrampJettyContainer.class);
            System.setProperty(OnrampExtension.CONTAINER_PROPERTY, "tomcat");
            assertThat(OnrampExtension.chosen()).isEqualTo(OnrampTomcatContainer.class);
            System.setProperty(OnrampExtension.CONTAINER_PROPERTY, "glassfish");
            assertThatThrownBy(OnrampExtension::chosen).isInstanceOf(IllegalArgumentException.class);
        } finally {
            if (before == null) {
                System.clearProperty(OnrampExtension.CONTAINER_PROPERTY);
            } else {
                System.setProperty(OnrampExtension.CONTAINER_PROPERTY, before);
            }
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

    @ParameterizedTest
    @EnumSource(Kind.class)
    void metadataNamesLoopbackTheRealPortAndTheServlets(Kind kind) throws Exception {
        ProtocolMetaData metaData = started(kind, false).deploy(helloWar("meta.war"));

        HTTPContext http = metaData.getContexts(HTTPContext.class).iterator().next();
        assertThat(http.getHost()).isEqualTo("127.0.0.1");
        assertThat(http.getPort()).isPositive();
        assertThat(http.getServlets()).extracting(Servlet::getName).contains("default", "hello");
        assertThat(baseUri(metaData).getPath()).isEqualTo("/meta/");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void undeployStopsServingAndRemovesTheFiles(Kind kind) throws Exception {
        var server = started(kind, false);
        WebArchive war = helloWar("gone.war");
        URI hello = baseUri(server.deploy(war)).resolve("hello");
        assertThat(Http.get(hello).statusCode()).isEqualTo(200);

        server.undeploy(war);

        assertThat(Http.get(hello).statusCode()).isEqualTo(404);
        assertThat(server.deployedArchiveNames()).isEmpty();
        try (var files = Files.list(workDirectory)) {
            assertThat(files).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void webappsAreIndependentAndCanBeRedeployedUnderTheSameName(Kind kind) throws Exception {
        var server = started(kind, false);
        WebArchive first = helloWar("one.war");
        URI one = baseUri(server.deploy(first)).resolve("hello");
        URI two = baseUri(server.deploy(helloWar("two.war"))).resolve("hello");
        server.undeploy(first);
        assertThat(Http.get(two).body()).isEqualTo("hello from /two webapp-loaded=true");

        URI again = baseUri(server.deploy(helloWar("one.war"))).resolve("hello");

        assertThat(again).isEqualTo(one);
        assertThat(Http.get(again).body()).isEqualTo("hello from /one webapp-loaded=true");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void failedStartupStillReturnsMetadataByDefault(Kind kind) throws Exception {
        ProtocolMetaData metaData = started(kind, false).deploy(brokenWar());

        assertThat(baseUri(metaData).getPath()).isEqualTo("/broken/");
        // not served: Jetty answers 503 for its unavailable context, Tomcat 404 (it maps no failed context)
        assertThat(Http.get(baseUri(metaData).resolve("hello")).statusCode()).isIn(503, 404);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void failedStartupThrowsWhenConfiguredToAndLeavesNothingDeployed(Kind kind) throws Exception {
        var server = started(kind, true);

        assertThatThrownBy(() -> server.deploy(brokenWar())).isInstanceOf(DeploymentException.class);
        assertThat(server.deployedArchiveNames()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void onlyWebArchivesAreAccepted(Kind kind) throws Exception {
        var server = started(kind, false);

        assertThatThrownBy(() -> server.deploy(ShrinkWrap.create(JavaArchive.class, "lib.jar")))
                .isInstanceOf(DeploymentException.class);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aBrowserStyleHandshakeWithoutContentLengthCarriesItsFrames(Kind kind) throws Exception {
        ProtocolMetaData metaData = started(kind, false)
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
        assertThat(WarDeployingContainer.contextPathOf("ws_session_web.war")).isEqualTo("/ws_session_web");
        assertThat(WarDeployingContainer.contextPathOf("ROOT.war")).isEqualTo("/");
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
