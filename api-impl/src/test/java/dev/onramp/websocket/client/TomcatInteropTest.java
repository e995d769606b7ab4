package dev.onramp.websocket.client;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Session;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Onramp's client against Tomcat 11's own WebSocket server. */
class TomcatInteropTest {

    @TempDir
    static Path base;

    private static Tomcat tomcat;
    private static int port;
    private static OnrampClientContainer container;

    @BeforeAll
    static void start() throws Exception {
        tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", base.toString());
        context.addServletContainerInitializer(new WsSci(), Set.of(EchoEndpoints.Echo.class));
        // Tomcat runs filters (the WebSocket upgrade is one) only for a request that maps to some servlet
        Tomcat.addServlet(context, "fallback", new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                resp.sendError(404);
            }
        });
        context.addServletMappingDecoded("/", "fallback");
        tomcat.start();
        port = connector.getLocalPort();
        container = new OnrampClientContainer();
    }

    @AfterAll
    static void stop() throws Exception {
        container.close();
        tomcat.stop();
        tomcat.destroy();
    }

    private static URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + port + path);
    }

    @Test
    void echoesTextBinaryAndPartialMessages() throws Exception {
        ClientRecorder client = new ClientRecorder();
        Session session = container.connectToServer(client, ClientEndpointConfig.Builder.create().build(), uri("/echo"));
        session.getBasicRemote().sendText("hello tomcat");
        assertThat(client.next()).isEqualTo("hello tomcat");
        session.getBasicRemote().sendBinary(ByteBuffer.wrap(new byte[] {9, 8, 7}));
        assertThat((byte[]) client.next()).containsExactly(9, 8, 7);
        session.getBasicRemote().sendText("par", false);
        session.getBasicRemote().sendText("tial", true);
        assertThat(client.next()).isEqualTo("partial");
        session.getBasicRemote().sendText("big:30000");
        assertThat((String) client.next()).hasSize(30_000);
        session.close();
        assertThat(client.awaitClose().getCloseCode()).isEqualTo(CloseReason.CloseCodes.NORMAL_CLOSURE);
    }

    @Test
    void negotiatesASubprotocol() throws Exception {
        ClientRecorder client = new ClientRecorder();
        Session session = container.connectToServer(client,
                ClientEndpointConfig.Builder.create().preferredSubprotocols(List.of("chat")).build(), uri("/echo"));
        assertThat(session.getNegotiatedSubprotocol()).isEqualTo("chat");
        session.close();
    }

    @Test
    void serverCloseAndRejection() throws Exception {
        ClientRecorder client = new ClientRecorder();
        Session session = container.connectToServer(client, ClientEndpointConfig.Builder.create().build(), uri("/echo"));
        session.getBasicRemote().sendText("close:4002");
        assertThat(client.awaitClose().getCloseCode().getCode()).isEqualTo(4002);

        assertThatThrownBy(() -> container.connectToServer(new ClientRecorder(),
                ClientEndpointConfig.Builder.create().build(), uri("/missing")))
                .isInstanceOf(DeploymentException.class).hasMessageContaining("404");
    }
}
