package dev.onramp.sample;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;

import java.io.IOException;
import java.util.Map;

/**
 * A plain servlet that upgrades on its own through {@link ServerContainer#upgradeHttpToWebSocket}, the way
 * frameworks such as Spring do: {@code /upgrade/NAME} opens a {@link ProgrammaticEcho} whose replies start
 * with {@code NAME: }. No endpoint is deployed at that path.
 */
@WebServlet("/upgrade/*")
public class UpgradeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        if (request.getHeader("Upgrade") == null) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "this path only speaks WebSocket");
            return;
        }
        String name = request.getPathInfo() == null ? "" : request.getPathInfo().substring(1);
        ServerEndpointConfig config = ServerEndpointConfig.Builder.create(ProgrammaticEcho.class, "/upgrade/{name}")
                .build();
        config.getUserProperties().put("prefix", name + ": ");
        ServerContainer container = (ServerContainer) getServletContext()
                .getAttribute("jakarta.websocket.server.ServerContainer");
        try {
            container.upgradeHttpToWebSocket(request, response, config, Map.of("name", name));
        } catch (DeploymentException e) {
            throw new ServletException(e);
        }
    }
}
