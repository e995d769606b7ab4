package dev.onramp.servlet;

import dev.onramp.websocket.endpoint.ExtensionHeaders;
import dev.onramp.websocket.endpoint.ExtensionNegotiation;
import dev.onramp.websocket.endpoint.PerConnectionServerEndpointConfig;
import dev.onramp.websocket.protocol.Role;
import dev.onramp.websocket.session.SessionSetup;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.websocket.Endpoint;
import jakarta.websocket.Extension;
import jakarta.websocket.server.ServerEndpointConfig;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The server side of the opening handshake over a servlet request (RFC 6455 §4.2): validation, the
 * configurator's calls in the order the Jakarta WebSocket specification gives (checkOrigin,
 * getNegotiatedSubprotocol, getNegotiatedExtensions, modifyHandshake, getEndpointInstance), the 101 response
 * and the servlet upgrade.
 */
final class Handshake {

    private static final System.Logger LOG = System.getLogger(Handshake.class.getName());

    private Handshake() {
    }

    static void perform(OnrampServerContainer container, DeployedEndpoint deployed, HttpServletRequest request,
            HttpServletResponse response, Map<String, String> pathParameters) throws IOException {
        ServletHandshakeRequest handshakeRequest = new ServletHandshakeRequest(request, pathParameters);
        HandshakeValidator.Result checked = HandshakeValidator.validate(request.getMethod(), request.getProtocol(),
                handshakeRequest::header);
        if (!checked.accepted()) {
            reject(response, checked.status(), checked.reason(), checked.headers());
            return;
        }
        // the configurator, onOpen and the session share one config whose user properties belong to this connection
        ServerEndpointConfig config = PerConnectionServerEndpointConfig.of(deployed.config());
        ServerEndpointConfig.Configurator configurator = config.getConfigurator();
        String origin = request.getHeader("Origin");
        if (!configurator.checkOrigin(origin)) {
            reject(response, 403, "Origin not allowed: " + origin, Map.of());
            return;
        }

        List<String> offeredProtocols = HeaderTokens.split(handshakeRequest.header("Sec-WebSocket-Protocol"));
        String subprotocol = "";
        if (!offeredProtocols.isEmpty()) {
            String chosen = configurator.getNegotiatedSubprotocol(config.getSubprotocols(), offeredProtocols);
            // never answer with a subprotocol the client did not offer (RFC 6455 §4.2.2, the client would fail)
            if (chosen != null && offeredProtocols.contains(chosen)) {
                subprotocol = chosen;
            }
        }

        List<Extension> offeredExtensions;
        try {
            offeredExtensions = ExtensionHeaders.parse(handshakeRequest.header("Sec-WebSocket-Extensions"));
        } catch (IllegalArgumentException e) {
            reject(response, 400, e.getMessage(), Map.of());
            return;
        }
        List<Extension> extensions = configurator.getNegotiatedExtensions(
                ExtensionNegotiation.installed(config.getExtensions(), container.getInstalledExtensions()),
                offeredExtensions);
        extensions = ExtensionNegotiation.serverAgree(extensions == null ? List.of() : extensions, offeredExtensions);

        ServletHandshakeResponse handshakeResponse = new ServletHandshakeResponse();
        Endpoint endpoint;
        try {
            configurator.modifyHandshake(config, handshakeRequest, handshakeResponse);
            Object instance = configurator.getEndpointInstance(config.getEndpointClass());
            endpoint = deployed.endpointFor(instance);
        } catch (InstantiationException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "WebSocket handshake for " + config.getEndpointClass().getName()
                    + " failed in the configurator", e);
            reject(response, 500, "The endpoint could not be created", Map.of());
            return;
        }

        HttpSession httpSession = request.getSession(false);
        SessionSetup setup = SessionSetup.builder(Role.SERVER, endpoint, config, container, deployed.sessions())
                .requestUri(handshakeRequest.getRequestURI())
                .pathParameters(pathParameters)
                .queryString(handshakeRequest.getQueryString())
                .requestParameters(handshakeRequest.getParameterMap())
                .userPrincipal(request.getUserPrincipal())
                .subprotocol(subprotocol)
                .extensions(extensions)
                .classLoader(container.servletContext().getClassLoader())
                .userProperties(config.getUserProperties())
                .build();

        response.setStatus(HttpServletResponse.SC_SWITCHING_PROTOCOLS);
        for (Map.Entry<String, List<String>> header : handshakeResponse.getHeaders().entrySet()) {
            if (isBodyHeader(header.getKey())) {
                continue; // a 101 has no body (RFC 9110 §15.2): a copied request Content-Length would break it
            }
            for (String value : header.getValue() == null ? Collections.<String>emptyList() : header.getValue()) {
                response.addHeader(header.getKey(), value);
            }
        }
        response.setHeader("Upgrade", "websocket");
        response.setHeader("Connection", "Upgrade");
        response.setHeader("Sec-WebSocket-Accept", HandshakeValidator.acceptKey(checked.key()));
        if (!subprotocol.isEmpty()) {
            response.setHeader("Sec-WebSocket-Protocol", subprotocol);
        }
        String extensionHeader = ExtensionHeaders.format(extensions);
        if (extensionHeader != null) {
            response.setHeader("Sec-WebSocket-Extensions", extensionHeader);
        }

        OnrampUpgradeHandler handler;
        try {
            handler = request.upgrade(OnrampUpgradeHandler.class);
        } catch (ServletException e) {
            throw new IOException("the servlet container refused the upgrade", e);
        }
        boolean nativeAllowed = NativeIo.enabled(container.servletContext());
        handler.prepare(new OnrampUpgradeHandler.Pending(setup, container,
                httpSession, request.isSecure(),
                address(request.getLocalAddr(), request.getLocalPort()),
                address(request.getRemoteAddr(), request.getRemotePort()), nativeAllowed), request);
        if (nativeAllowed) {
            // for a container module whose connection sees this request but not the handler (Jetty's)
            request.setAttribute(OnrampUpgradeHandler.NATIVE_OFFER_ATTRIBUTE, handler);
        }
    }

    private static InetSocketAddress address(String host, int port) {
        if (host == null) {
            return null;
        }
        try {
            return new InetSocketAddress(java.net.InetAddress.getByName(host), port);
        } catch (IOException | RuntimeException e) {
            return InetSocketAddress.createUnresolved(host, port);
        }
    }

    /** Answers a handshake that cannot go on: status, extra headers and a short plain-text reason. */
    static void reject(HttpServletResponse response, int status, String reason, Map<String, String> headers)
            throws IOException {
        response.setStatus(status);
        headers.forEach(response::setHeader);
        response.setContentType("text/plain;charset=UTF-8");
        PrintWriter writer = response.getWriter();
        writer.println(reason);
        writer.flush();
    }

    private static boolean isBodyHeader(String name) {
        return "Content-Length".equalsIgnoreCase(name) || "Transfer-Encoding".equalsIgnoreCase(name);
    }
}
