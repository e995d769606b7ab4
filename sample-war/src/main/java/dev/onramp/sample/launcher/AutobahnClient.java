package dev.onramp.sample.launcher;

import dev.onramp.websocket.client.OnrampClientContainer;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Extension;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Drives Autobahn|Testsuite's fuzzingserver with Onramp's client: asks for the case count, runs every case by
 * echoing each message back, then asks the server to write its reports. Usage:
 * {@code AutobahnClient [ws://host:port]} (default: the WS_URL environment variable), agent name from the
 * {@code AGENT} environment variable (default "onramp").
 */
public final class AutobahnClient {

    /** The fuzzingserver sends messages up to 16 MiB (section 9). */
    private static final int MAX_MESSAGE = 32 * 1024 * 1024;
    private static final long CASE_TIMEOUT_SECONDS = 120;

    /**
     * Offered on every connection (sections 12 and 13 test it; the other cases' server declines it): the parameters
     * let the server choose client_no_context_takeover and client_max_window_bits, as those sections do.
     */
    private static final List<Extension> DEFLATE = List.of(new Extension() {
        @Override
        public String getName() {
            return "permessage-deflate";
        }

        @Override
        public List<Parameter> getParameters() {
            return List.of(parameter("client_no_context_takeover"), parameter("client_max_window_bits"));
        }
    });

    private static Extension.Parameter parameter(String name) {
        return new Extension.Parameter() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public String getValue() {
                return null;
            }
        };
    }

    private AutobahnClient() {
    }

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : System.getenv("WS_URL");
        if (base == null) {
            System.err.println("usage: AutobahnClient ws://host:port (or set WS_URL)");
            System.exit(2);
        }
        String agent = System.getenv().getOrDefault("AGENT", "onramp");
        OnrampClientContainer container = new OnrampClientContainer();
        container.setDefaultMaxTextMessageBufferSize(MAX_MESSAGE);
        container.setDefaultMaxBinaryMessageBufferSize(MAX_MESSAGE);

        Recorder counter = new Recorder(false);
        run(container, counter, URI.create(base + "/getCaseCount"));
        int count = Integer.parseInt(counter.lastText.trim());
        System.out.println("cases: " + count);
        for (int i = 1; i <= count; i++) {
            Recorder echo = new Recorder(true);
            try {
                run(container, echo, URI.create(base + "/runCase?case=" + i + "&agent=" + agent));
            } catch (DeploymentException | IOException e) {
                System.out.println("case " + i + ": " + e);
            }
            if (i % 50 == 0) {
                System.out.println("ran " + i + " cases");
            }
        }
        run(container, new Recorder(false), URI.create(base + "/updateReports?agent=" + agent));
        System.out.println("reports updated");
    }

    private static void run(OnrampClientContainer container, Recorder endpoint, URI uri) throws Exception {
        container.connectToServer(endpoint, ClientEndpointConfig.Builder.create().extensions(DEFLATE).build(), uri);
        try {
            endpoint.closed.get(CASE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            System.out.println(uri + ": no close within " + CASE_TIMEOUT_SECONDS + " s");
        }
    }

    /** Echoes every whole message when asked to; remembers the last text. */
    private static final class Recorder extends Endpoint {
        private final boolean echo;
        private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
        private volatile String lastText = "";

        Recorder(boolean echo) {
            this.echo = echo;
        }

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                lastText = text;
                if (echo) {
                    send(session, () -> session.getBasicRemote().sendText(text));
                }
            });
            session.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) data -> {
                if (echo) {
                    send(session, () -> session.getBasicRemote().sendBinary(data));
                }
            });
        }

        private static void send(Session session, IoAction action) {
            try {
                action.run();
            } catch (IOException e) {
                // the case may have closed the connection under us; the close callback ends the case
            }
        }

        @Override
        public void onClose(Session session, CloseReason closeReason) {
            closed.complete(closeReason);
        }
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }
}
