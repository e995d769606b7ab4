package dev.onramp.distribution;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample WAR in an Apache Tomcat 11 distribution, set up as a user would: a {@code CATALINA_BASE} with the
 * distribution's {@code conf/}, whose {@code server.xml} connector names Onramp's
 * {@code dev.onramp.tomcat.PromptCloseHttp11NioProtocol} (its jar in the base's {@code lib/}); the distribution itself
 * untouched, its own WebSocket implementation ({@code lib/tomcat-websocket.jar}) included, which the WAR's
 * {@code META-INF/context.xml} leaves out of the application; the WAR as {@code webapps/ROOT.war}.
 */
class TomcatDistributionIT {

    /** Tomcat names a connector bound to port 0 "http-nio-127.0.0.1-auto-N-PORT" once it listens. */
    private static final Pattern PORT =
            Pattern.compile("Starting ProtocolHandler \\[\"http-nio-127\\.0\\.0\\.1-auto-\\d+-(\\d+)\"]");

    @TempDir
    static Path base;
    private static ContainerProcess tomcat;

    @BeforeAll
    static void start() throws Exception {
        Path home = Parts.property("onramp.tomcat.home");
        assertThat(home.resolve("lib/tomcat-websocket.jar")).as("Tomcat's own WebSocket stays in place").exists();
        Parts.copyTree(home.resolve("conf"), base.resolve("conf"));
        for (String directory : List.of("logs", "temp", "work", "webapps")) {
            Files.createDirectories(base.resolve(directory));
        }
        Parts.copy(Parts.onrampJar("onramp-tomcat-upgrade-fix"), base.resolve("lib"));
        Files.copy(Parts.sampleWar(), base.resolve("webapps/ROOT.war"));

        Path serverXml = base.resolve("conf/server.xml");
        String server = Files.readString(serverXml);
        String stockConnector = "<Connector port=\"8080\" protocol=\"HTTP/1.1\"";
        assertThat(server).contains(stockConnector).contains("<Server port=\"8005\"");
        Files.writeString(serverXml, server
                .replace(stockConnector, "<Connector port=\"0\" address=\"127.0.0.1\""
                        + " protocol=\"dev.onramp.tomcat.PromptCloseHttp11NioProtocol\"")
                .replace("<Server port=\"8005\"", "<Server port=\"-1\"")); // no shutdown port: stopped by signal

        String bin = home.resolve("bin").toString();
        tomcat = ContainerProcess.start(List.of(ContainerProcess.java(),
                "-Dcatalina.home=" + home, "-Dcatalina.base=" + base, "-Djava.io.tmpdir=" + base.resolve("temp"),
                "-Djava.util.logging.manager=org.apache.juli.ClassLoaderLogManager",
                "-Djava.util.logging.config.file=" + base.resolve("conf/logging.properties"),
                "-cp", bin + "/bootstrap.jar" + File.pathSeparator + bin + "/tomcat-juli.jar",
                "org.apache.catalina.startup.Bootstrap", "start"), base, base.resolve("tomcat.log"), PORT);
    }

    @AfterAll
    static void stop() throws Exception {
        if (tomcat != null) {
            tomcat.close();
        }
    }

    @Test
    void theJdkClientTalksToTheEchoEndpoint() throws Exception {
        EchoClients.jdkClientEchoesAndCloses(Target.plain(tomcat.port()));
    }

    /** The module in Tomcat's lib/, Onramp in the WAR: the connections run on Tomcat's own I/O all the same. */
    @Test
    void onrampTakesTomcatsOwnIoAcrossTheClassLoaders() throws Exception {
        EchoClients.jdkClientEchoesAndCloses(Target.plain(tomcat.port()));
        tomcat.logOnceItHolds("Onramp runs WebSocket connections on the container's own I/O"
                + " (dev.onramp.tomcat.NativeUpgradeProcessor)");
    }

    @Test
    void aClientThatSendsAWhileAfterThe101GetsItsEchoAndAPromptClose() throws Exception {
        EchoClients.clientThatWaitsAfterThe101GetsItsEchoAndAPromptClose(Target.plain(tomcat.port()));
    }

    @Test
    void theApplicationDeploysWithoutAnError() throws Exception {
        // before the WAR's containerSciFilter, Tomcat's own WebSocket filter failed here (SEVERE, context not started)
        String log = tomcat.log();
        assertThat(log).doesNotContain("SEVERE");
        assertThat(log).contains("ROOT.war");
    }
}
