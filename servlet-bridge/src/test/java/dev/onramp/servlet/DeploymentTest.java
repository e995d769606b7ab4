package dev.onramp.servlet;

import dev.onramp.testing.Frames;
import dev.onramp.testing.RawWebSocket;
import example.app.Endpoints;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Deployment through the ServletContainerInitializer, in an embedded Tomcat 11 with chosen @HandlesTypes sets. */
class DeploymentTest {

    private Tomcat tomcat;
    private Context context;
    private int port;
    /** The container as published, seen by an attribute listener (Tomcat clears the attributes of a failed context). */
    private final AtomicReference<Object> published = new AtomicReference<>();

    @AfterEach
    void stop() throws Exception {
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
        }
    }

    private void deploy(Set<Class<?>> classes, ServletContainerInitializer... after) throws Exception {
        tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("tomcat").toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);
        context = tomcat.addContext("/app", null);
        // a servlet behind every path, as a webapp's default servlet is: Tomcat runs filters only for mapped requests
        Tomcat.addServlet(context, "default", new jakarta.servlet.http.HttpServlet() {
            @Override
            protected void service(jakarta.servlet.http.HttpServletRequest req,
                    jakarta.servlet.http.HttpServletResponse resp) throws IOException {
                resp.sendError(404);
            }
        });
        context.addServletMappingDecoded("/", "default");
        Tomcat.addServlet(context, "login", new jakarta.servlet.http.HttpServlet() {
            @Override
            protected void service(jakarta.servlet.http.HttpServletRequest req,
                    jakarta.servlet.http.HttpServletResponse resp) throws IOException {
                resp.getWriter().print(req.getSession(true).getId());
            }
        });
        context.addServletMappingDecoded("/login", "login");
        Tomcat.addServlet(context, "logout", new jakarta.servlet.http.HttpServlet() {
            @Override
            protected void service(jakarta.servlet.http.HttpServletRequest req,
                    jakarta.servlet.http.HttpServletResponse resp) {
                jakarta.servlet.http.HttpSession session = req.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
                resp.setStatus(204);
            }
        });
        context.addServletMappingDecoded("/logout", "logout");
        context.addServletContainerInitializer((c, ctx) -> ctx.addListener(
                new jakarta.servlet.ServletContextAttributeListener() {
                    @Override
                    public void attributeAdded(jakarta.servlet.ServletContextAttributeEvent event) {
                        if (OnrampServletContainerInitializer.SERVER_CONTAINER_ATTRIBUTE.equals(event.getName())) {
                            published.set(event.getValue());
                        }
                    }
                }), null);
        context.addServletContainerInitializer(new OnrampServletContainerInitializer(), classes);
        for (ServletContainerInitializer sci : after) {
            context.addServletContainerInitializer(sci, null);
        }
        tomcat.start();
        port = connector.getLocalPort();
    }

    private static Set<Class<?>> classes(Class<?>... classes) {
        return new LinkedHashSet<>(List.of(classes));
    }

    private ServerContainer serverContainer() {
        return (ServerContainer) published.get();
    }

    /** The status of a valid WebSocket handshake for the path. */
    private int handshake(String path) throws IOException {
        try (RawWebSocket socket = RawWebSocket.open("127.0.0.1", port, "/app" + path)) {
            return Integer.parseInt(socket.responseHead().split(" ")[1]);
        }
    }

    @Test
    void deploysEveryConcreteAnnotatedClassWithoutApplicationConfig() throws Exception {
        deploy(classes(Endpoints.A.class, Endpoints.B.class, Endpoints.Abstract.class, Endpoints.Prog.class));
        assertThat(context.getState().isAvailable()).isTrue();
        assertThat(serverContainer()).isInstanceOf(OnrampServerContainer.class);
        assertThat(handshake("/a")).isEqualTo(101);
        assertThat(handshake("/b/42")).isEqualTo(101);
        assertThat(handshake("/abstract")).isEqualTo(404);
        assertThat(handshake("/prog")).isEqualTo(404); // programmatic endpoints only through a config
    }

    @Test
    void appliesServerApplicationConfigFiltering() throws Exception {
        deploy(classes(Endpoints.A.class, Endpoints.B.class, Endpoints.Prog.class, Endpoints.OnlyBAndProg.class));
        assertThat(handshake("/a")).isEqualTo(404);
        assertThat(handshake("/b/1")).isEqualTo(101);
        assertThat(handshake("/prog")).isEqualTo(101);
    }

    @Test
    void aDeploymentErrorHaltsTheWholeApplication() throws Exception {
        deploy(classes(Endpoints.A.class, Endpoints.Bad.class));
        assertThat(context.getState().isAvailable()).isFalse();
        ServerContainer container = serverContainer();
        assertThat(container).as("published before deploying").isNotNull();
        assertThatThrownBy(() -> container.addEndpoint(Endpoints.B.class)).isInstanceOf(DeploymentException.class);
        assertThat(((OnrampServerContainer) container).match("/a")).isNull();
    }

    @Test
    void anotherImplementationsServerContainerStopsTheDeploymentWithAMessageThatSaysWhatToDo() throws Exception {
        deploy(classes(Endpoints.A.class));
        jakarta.servlet.ServletContext servletContext = context.getServletContext();
        // what a container's own WebSocket initializer, run before Onramp's, leaves in the context
        Object foreign = java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServerContainer.class}, (proxy, method, args) -> null);
        servletContext.setAttribute(OnrampServletContainerInitializer.SERVER_CONTAINER_ATTRIBUTE, foreign);

        assertThatThrownBy(() -> new OnrampServletContainerInitializer().onStartup(classes(Endpoints.B.class),
                servletContext))
                .isInstanceOf(jakarta.servlet.ServletException.class)
                .hasMessageContaining(foreign.getClass().getName())
                .hasMessageContaining("containerSciFilter")
                .hasMessageContaining("ee11-websocket-jakarta");
        assertThat(servletContext.getAttribute(OnrampServletContainerInitializer.SERVER_CONTAINER_ATTRIBUTE))
                .as("left as it was").isSameAs(foreign);
    }

    @Test
    void aDuplicatePathIsADeploymentError() throws Exception {
        deploy(classes(Endpoints.A.class, Endpoints.AlsoA.class));
        assertThat(context.getState().isAvailable()).isFalse();
        assertThat(((OnrampServerContainer) serverContainer()).match("/a")).isNull();
    }

    @Test
    void addEndpointWorksFromListenersAndFailsAfterStart() throws Exception {
        AtomicReference<Exception> fromListener = new AtomicReference<>();
        ServletContainerInitializer addsAListener = (c, ctx) -> ctx.addListener(new ServletContextListener() {
            @Override
            public void contextInitialized(ServletContextEvent event) {
                try {
                    ((ServerContainer) event.getServletContext()
                            .getAttribute(OnrampServletContainerInitializer.SERVER_CONTAINER_ATTRIBUTE))
                            .addEndpoint(ServerEndpointConfig.Builder.create(Endpoints.Prog.class, "/late").build());
                } catch (Exception e) {
                    fromListener.set(e);
                }
            }
        });
        deploy(classes(Endpoints.A.class), addsAListener);
        assertThat(fromListener.get()).isNull();
        assertThat(handshake("/late")).isEqualTo(101);
        assertThatThrownBy(() -> serverContainer().addEndpoint(Endpoints.B.class))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("after the application started");
    }

    @Test
    void upgradeHttpToWebSocketRejectsNonServletArguments() throws Exception {
        deploy(classes());
        ServerEndpointConfig config = ServerEndpointConfig.Builder.create(Endpoints.Prog.class, "/x").build();
        assertThatThrownBy(() -> serverContainer().upgradeHttpToWebSocket("req", "resp", config, java.util.Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Sends a request and returns the body (Content-Length framed), for the login/logout servlets. */
    private String request(String path, String cookie) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("GET /app" + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + (cookie == null ? "" : "Cookie: JSESSIONID=" + cookie + "\r\n") + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            return response.substring(response.indexOf("\r\n\r\n") + 4);
        }
    }

    @Test
    void anInvalidatedHttpSessionClosesItsWebSocketsWith1008() throws Exception {
        deploy(classes(Endpoints.A.class));
        String body = request("/login", null);
        String id = body.contains("\r\n") ? body.split("\r\n")[1] : body; // chunked or plain
        try (RawWebSocket socket = RawWebSocket.open("127.0.0.1", port, "/app/a", "Content-Length: 0",
                "Cookie: JSESSIONID=" + id)) {
            assertThat(socket.upgraded()).as(socket.responseHead()).isTrue();
            // an echo round trip: the session is open (and tracked, or closed at once if the HTTP session ended)
            socket.send(Frames.clientText("hi"));
            assertThat(socket.readFrame().text()).isEqualTo("hi");
            request("/logout", id);
            Frames.Frame close = socket.readFrame();
            assertThat(close.opcode()).as("a close frame").isEqualTo(Frames.CLOSE);
            assertThat(close.closeCode()).isEqualTo(1008);
        }
    }

    /** One text message over a raw upgraded connection (the handshake with a Content-Length: 0); returns the reply. */
    private String exchange(String path, String text) throws IOException {
        try (RawWebSocket socket = upgraded(path)) {
            return say(socket, text);
        }
    }

    /** A raw connection upgraded at the path (the handshake with a Content-Length: 0). */
    private RawWebSocket upgraded(String path) throws IOException {
        RawWebSocket socket = RawWebSocket.open("127.0.0.1", port, "/app" + path, "Content-Length: 0");
        assertThat(socket.upgraded()).as(socket.responseHead()).isTrue();
        return socket;
    }

    /** Sends a short text message on an upgraded connection and returns the text of the reply. */
    private static String say(RawWebSocket socket, String text) throws IOException {
        socket.sendText(text);
        Frames.Frame reply = socket.readFrame();
        assertThat(reply.opcode()).as("a text frame").isEqualTo(Frames.TEXT);
        return reply.text();
    }

    /**
     * A stopping application ends its connections, and its own threads, before its listener returns: once Tomcat
     * stops the application's loader no timer or read of Onramp's may be left to run (and Tomcat warns of every
     * thread of the application still alive). The peer here never answers the 1001 close frame, so
     * without the shutdown's drop the connection would wait for its close timeout, after the application stopped.
     */
    @Test
    @org.junit.jupiter.api.Timeout(60)
    void stoppingTheApplicationEndsItsConnectionsBeforeItStops() throws Exception {
        deploy(classes(Endpoints.A.class));
        OnrampServerContainer container = (OnrampServerContainer) serverContainer();
        try (RawWebSocket socket = upgraded("/a")) {
            assertThat(say(socket, "hello")).isEqualTo("hello");
            context.stop();
            assertThat(container.liveConnectionCount()).as("connections left once the application stopped").isZero();
            assertThat(container.threadsEnded()).as("the application's own callback and timer threads ended").isTrue();
            Frames.Frame close = socket.readFrame();
            assertThat(close.opcode()).isEqualTo(Frames.CLOSE);
            assertThat(close.closeCode()).isEqualTo(1001);
            // TCP itself ends at stock Tomcat's next dispatch of the socket (see the README, Running on Tomcat 11)
        }
    }

    @Test
    void eachConnectionGetsItsOwnCopyOfTheConfigsUserProperties() throws Exception {
        java.util.Map<String, Object> appProperties = new java.util.HashMap<>();
        ServerEndpointConfig config = ServerEndpointConfig.Builder.create(example.app.UserPropertiesEcho.class, "/props")
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    public void modifyHandshake(ServerEndpointConfig sec, jakarta.websocket.server.HandshakeRequest
                            request, jakarta.websocket.HandshakeResponse response) {
                        // what the previous connection stored must not be here
                        if (sec.getUserProperties().containsKey("stored-by-handshake")
                                || sec.getUserProperties().containsKey("stored-by-session")) {
                            throw new IllegalStateException("user properties leaked: " + sec.getUserProperties());
                        }
                        sec.getUserProperties().remove("app-2");
                        sec.getUserProperties().put("stored-by-handshake", request.getRequestURI());
                    }
                }).build();
        config.getUserProperties().put("app-1", "one");
        config.getUserProperties().put("app-2", "two");
        appProperties.putAll(config.getUserProperties());
        ServletContainerInitializer addsTheEndpoint = (c, ctx) -> ctx.addListener(new ServletContextListener() {
            @Override
            public void contextInitialized(ServletContextEvent event) {
                try {
                    ((ServerContainer) event.getServletContext()
                            .getAttribute(OnrampServletContainerInitializer.SERVER_CONTAINER_ATTRIBUTE))
                            .addEndpoint(config);
                } catch (DeploymentException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        deploy(classes(), addsTheEndpoint);
        for (int connection = 0; connection < 2; connection++) {
            assertThat(exchange("/props", "hello")).as("connection %d", connection)
                    .isEqualTo("[app-1, stored-by-handshake] shared=true");
        }
        assertThat(config.getUserProperties()).as("the application's own map is untouched").isEqualTo(appProperties);
    }

    /** Adds a servlet at /up/* that upgrades through upgradeHttpToWebSocket with a new config per request. */
    private static ServletContainerInitializer upgradeServlet(List<WeakReference<ServerEndpointConfig>> configs,
            ReferenceQueue<ServerEndpointConfig> collected) {
        return (c, ctx) -> ctx.addServlet("up", new jakarta.servlet.http.HttpServlet() {
            @Override
            protected void doGet(jakarta.servlet.http.HttpServletRequest req,
                    jakarta.servlet.http.HttpServletResponse resp) throws IOException {
                ServerEndpointConfig config = ServerEndpointConfig.Builder.create(Endpoints.OpenCount.class,
                        "/up/{name}").build();
                configs.add(new WeakReference<>(config, collected));
                try {
                    ((ServerContainer) req.getServletContext()
                            .getAttribute(OnrampServletContainerInitializer.SERVER_CONTAINER_ATTRIBUTE))
                            .upgradeHttpToWebSocket(req, resp, config, java.util.Map.of("name", "x"));
                } catch (DeploymentException e) {
                    throw new IOException(e);
                }
            }
        }).addMapping("/up/*");
    }

    @Test
    void upgradeHttpToWebSocketKeepsNothingOfACallOnceItsConnectionClosed() throws Exception {
        List<WeakReference<ServerEndpointConfig>> configs = new java.util.concurrent.CopyOnWriteArrayList<>();
        ReferenceQueue<ServerEndpointConfig> collected = new ReferenceQueue<>();
        deploy(classes(), upgradeServlet(configs, collected));
        int connections = 20;
        for (int i = 0; i < connections; i++) {
            assertThat(exchange("/up/x", "how many?")).isNotEmpty();
        }
        // the configs (and what hangs off them: endpoint, session, transport) become garbage once the sessions close
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int gone = 0;
        while (gone < connections) {
            assertThat(System.nanoTime() - deadline).as("configs collected: %d of %d", gone, connections)
                    .isNegative();
            System.gc();
            while (collected.remove(200) != null) {
                gone++;
            }
        }
        assertThat(configs).hasSize(connections);
    }

    @Test
    void sessionsUpgradedWithTheSameEndpointClassAreOneEndpointsOpenSessions() throws Exception {
        deploy(classes(), upgradeServlet(new java.util.concurrent.CopyOnWriteArrayList<>(), new ReferenceQueue<>()));
        try (RawWebSocket first = upgraded("/up/a"); RawWebSocket second = upgraded("/up/b")) {
            assertThat(say(first, "?")).isNotEmpty(); // the first session is open before the second counts
            assertThat(say(second, "?")).isEqualTo("2");
        }
    }

    @Test
    void deploymentLastsUntilTheFirstRequestSoServletsInitialisedAfterTheFiltersCanAddEndpoints() throws Exception {
        // what Spring's ServerEndpointExporter does when a DispatcherServlet's context creates it
        AtomicReference<Exception> fromServletInit = new AtomicReference<>();
        ServletContainerInitializer addsAServlet = (c, ctx) -> ctx.addServlet("late", new jakarta.servlet.http.HttpServlet() {
            @Override
            public void init() {
                try {
                    ((ServerContainer) getServletContext()
                            .getAttribute(OnrampServletContainerInitializer.SERVER_CONTAINER_ATTRIBUTE))
                            .addEndpoint(ServerEndpointConfig.Builder.create(Endpoints.OpenCount.class, "/late").build());
                } catch (Exception e) {
                    fromServletInit.set(e);
                }
            }
        }).setLoadOnStartup(1);
        deploy(classes(Endpoints.A.class), addsAServlet);
        assertThat(fromServletInit.get()).isNull();
        OnrampServerContainer container = (OnrampServerContainer) serverContainer();
        assertThat(container.deploying()).as("no request yet").isTrue();
        container.addEndpoint(Endpoints.B.class);

        assertThat(exchange("/late", "?")).isEqualTo("1");
        assertThat(handshake("/b/1")).isEqualTo(101);
        assertThat(container.deploying()).isFalse();
        assertThatThrownBy(() -> container.addEndpoint(ServerEndpointConfig.Builder.create(Endpoints.Prog.class,
                "/too-late").build()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("after the application started");
    }
}
