package example.app;

import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;

import java.util.Set;
import java.util.stream.Collectors;

/** Application classes for the deployment tests, as a web application would carry them. */
public final class Endpoints {

    private Endpoints() {
    }

    /** A valid annotated endpoint at /a. */
    @ServerEndpoint("/a")
    public static class A {
        @OnMessage
        public String echo(String s) {
            return s;
        }
    }

    /** A valid annotated endpoint at /b/{id}. */
    @ServerEndpoint("/b/{id}")
    public static class B {
        @OnMessage
        public String echo(String s) {
            return s;
        }
    }

    /** An invalid one: the same variable twice in the path. */
    @ServerEndpoint("/bad/{x}/{x}")
    public static class Bad {
        @OnMessage
        public String echo(String s) {
            return s;
        }
    }

    /** Another endpoint at /a: a duplicate path. */
    @ServerEndpoint("/a")
    public static class AlsoA {
        @OnMessage
        public String echo(String s) {
            return s;
        }
    }

    /** Abstract: never deployed. */
    @ServerEndpoint("/abstract")
    public abstract static class Abstract {
    }

    /** A programmatic endpoint, deployed only through a ServerApplicationConfig. */
    public static class Prog extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
        }
    }

    /** Answers any text with how many sessions of its endpoint are open ({@code Session.getOpenSessions()}). */
    public static class OpenCount extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.addMessageHandler(String.class, (jakarta.websocket.MessageHandler.Whole<String>) text ->
                    session.getAsyncRemote().sendText(String.valueOf(session.getOpenSessions().size())));
        }
    }

    /** Deploys Prog at /prog and, of the annotated classes, only B. */
    public static class OnlyBAndProg implements ServerApplicationConfig {
        @Override
        public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> endpointClasses) {
            return endpointClasses.stream().filter(c -> c == Prog.class)
                    .map(c -> ServerEndpointConfig.Builder.create(c, "/prog").build()).collect(Collectors.toSet());
        }

        @Override
        public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
            return scanned.stream().filter(c -> c == B.class).collect(Collectors.toSet());
        }
    }
}
