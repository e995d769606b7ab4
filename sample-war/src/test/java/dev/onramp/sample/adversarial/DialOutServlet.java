package dev.onramp.sample.adversarial;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A servlet of the redeployed test application ({@link UndeployLeakIT}; its class file is copied into the WAR's
 * {@code WEB-INF/classes}, so the webapp's class loader loads it): {@code GET /dial} dials this application's own
 * {@code /echo} through {@link ServerContainer#connectToServer}, so one request uses Onramp's client container and a
 * server session, and answers with the echo. Every other request gets 404 (it is mapped as the default servlet, so
 * that upgrade requests pass Onramp's filter in every container).
 */
public final class DialOutServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"/dial".equals(request.getServletPath())) {
            response.sendError(404);
            return;
        }
        ServerContainer container = (ServerContainer) getServletContext()
                .getAttribute("jakarta.websocket.server.ServerContainer");
        URI echo = URI.create("ws://127.0.0.1:" + request.getLocalPort() + request.getContextPath() + "/echo");
        Collector collector = new Collector();
        try {
            Session session = container.connectToServer(collector, ClientEndpointConfig.Builder.create().build(), echo);
            session.getBasicRemote().sendText("dialled");
            String answer = collector.messages.poll(20, TimeUnit.SECONDS);
            session.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "done"));
            if (!collector.closed.await(20, TimeUnit.SECONDS)) {
                throw new IOException("the dialled session did not close");
            }
            byte[] body = String.valueOf(answer).getBytes(StandardCharsets.UTF_8);
            response.setContentType("text/plain;charset=UTF-8");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        } catch (DeploymentException | InterruptedException e) {
            throw new IOException(e);
        }
    }

    /** The dialling side: collects text and notices the close. */
    public static final class Collector extends Endpoint {
        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) messages::add);
        }

        @Override
        public void onClose(Session session, CloseReason closeReason) {
            closed.countDown();
        }
    }
}
