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

    /**
     * The path the container mapped the request to: servlet path plus path info, which the Servlet specification
     * defines as decoded (percent-decoding, path parameters removed) and normalised (dot segments resolved), and on
     * which the container also matched its filters and security constraints. Routing on anything else (the raw
     * request URI, say) lets {@code /chat/x;p/../../open} pass a constraint on {@code /chat/*} as {@code /open} and
     * then reach the chat endpoint. The router expects percent-encoded segments: a {@code %} that decoding produced
     * is encoded again, so nothing is decoded twice.
     */
    static String pathWithinContext(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        String path = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
        if (path.isEmpty()) {
            return "/";
        }
        return path.indexOf('%') < 0 ? path : path.replace("%", "%25");
    }

    private static List<String> headers(HttpServletRequest request, String name) {
        return Collections.list(request.getHeaders(name));
    }
}
