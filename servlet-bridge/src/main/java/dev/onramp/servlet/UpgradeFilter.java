package dev.onramp.servlet;

import dev.onramp.websocket.endpoint.UriTemplateRouter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Collections;
import java.util.List;

/**
 * Hands WebSocket upgrade requests for a deployed endpoint's path to the handshake; every other request goes on
 * down the chain untouched. It runs in the application's normal filter chain, so the application's security
 * constraints and earlier filters apply to handshakes as to any request.
 */
public final class UpgradeFilter implements Filter {

    private final OnrampServerContainer container;

    /** A filter for the given container. */
    public UpgradeFilter(OnrampServerContainer container) {
        this.container = container;
    }

    /**
     * Deployment does not end here: servlets initialised after the filters, and frameworks that create their beans
     * then (Spring's {@code ServerEndpointExporter}), may still add endpoints. It ends at the first request.
     */
    @Override
    public void init(FilterConfig filterConfig) {
        // nothing: see doFilter
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        container.markStarted(); // the container accepts connections: deployment is over
        if (!(req instanceof HttpServletRequest request) || !(resp instanceof HttpServletResponse response)
                || !HandshakeValidator.isUpgradeRequest(name -> headers(request, name))) {
            chain.doFilter(req, resp);
            return;
        }
        UriTemplateRouter.Match<DeployedEndpoint> match = container.match(pathWithinContext(request));
        if (match == null) {
            chain.doFilter(req, resp);
            return;
        }
        Handshake.perform(container, match.target(), request, response, match.pathParameters());
    }

    /** The raw (still percent-encoded) path after the context path. */
    static String pathWithinContext(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        String path = context != null && uri.startsWith(context) ? uri.substring(context.length()) : uri;
        int semicolon = path.indexOf(';'); // path parameters such as ;jsessionid are not part of the route
        if (semicolon >= 0) {
            path = path.substring(0, semicolon);
        }
        return path.isEmpty() ? "/" : path;
    }

    private static List<String> headers(HttpServletRequest request, String name) {
        return Collections.list(request.getHeaders(name));
    }
}
