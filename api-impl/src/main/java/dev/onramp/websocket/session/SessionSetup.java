package dev.onramp.websocket.session;

import dev.onramp.websocket.protocol.Role;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Extension;

import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the session layer needs to run a session over a connection whose handshake has succeeded:
 * what the server bridge or the client learned during the upgrade. Immutable; built with {@link #builder}.
 */
public final class SessionSetup {

    private final Role role;
    private final Endpoint endpoint;
    private final EndpointConfig config;
    private final OnrampContainer container;
    private final OpenSessions endpointSessions;
    private final URI requestUri;
    private final Map<String, String> pathParameters;
    private final String queryString;
    private final Map<String, List<String>> requestParameters;
    private final Principal userPrincipal;
    private final String subprotocol;
    private final List<Extension> extensions;
    private final ClassLoader classLoader;
    private final Map<String, Object> userProperties;

    private SessionSetup(Builder b) {
        this.role = b.role;
        this.endpoint = b.endpoint;
        this.config = b.config;
        this.container = b.container;
        this.endpointSessions = b.endpointSessions;
        this.requestUri = Objects.requireNonNull(b.requestUri, "requestUri");
        // the template's order (applications iterate it; Map.copyOf would shuffle it per JVM)
        this.pathParameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(b.pathParameters));
        this.queryString = b.queryString;
        this.requestParameters = Map.copyOf(b.requestParameters);
        this.userPrincipal = b.userPrincipal;
        this.subprotocol = b.subprotocol == null ? "" : b.subprotocol;
        this.extensions = List.copyOf(b.extensions);
        this.classLoader = b.classLoader;
        this.userProperties = b.userProperties;
    }

    /**
     * Starts a setup.
     *
     * @param role which side of the connection this session is
     * @param endpoint the endpoint instance whose callbacks the session drives
     * @param config the endpoint's configuration (decoders, encoders, user properties)
     * @param container the container the session belongs to ({@code Session.getContainer()})
     * @param endpointSessions the open sessions of the same endpoint ({@code Session.getOpenSessions()})
     */
    public static Builder builder(Role role, Endpoint endpoint, EndpointConfig config, OnrampContainer container,
            OpenSessions endpointSessions) {
        return new Builder(role, endpoint, config, container, endpointSessions);
    }

    public Role role() { return role; }
    public Endpoint endpoint() { return endpoint; }
    public EndpointConfig config() { return config; }
    public OnrampContainer container() { return container; }
    public OpenSessions endpointSessions() { return endpointSessions; }
    public URI requestUri() { return requestUri; }
    public Map<String, String> pathParameters() { return pathParameters; }
    /** The raw query string, or null when the URI had none. */
    public String queryString() { return queryString; }
    public Map<String, List<String>> requestParameters() { return requestParameters; }
    /** The authenticated user, or null. */
    public Principal userPrincipal() { return userPrincipal; }
    /** The negotiated subprotocol, or "" when none was. */
    public String subprotocol() { return subprotocol; }
    public List<Extension> extensions() { return extensions; }
    /** The class loader application callbacks run with as thread context class loader. */
    public ClassLoader classLoader() { return classLoader; }
    /**
     * The map {@code Session.getUserProperties()} returns, or null when the session makes its own, a shallow copy
     * of the config's user properties.
     */
    public Map<String, Object> userProperties() { return userProperties; }

    /** Builder of {@link SessionSetup}. */
    public static final class Builder {
        private final Role role;
        private final Endpoint endpoint;
        private final EndpointConfig config;
        private final OnrampContainer container;
        private final OpenSessions endpointSessions;
        private URI requestUri;
        private Map<String, String> pathParameters = Map.of();
        private String queryString;
        private Map<String, List<String>> requestParameters = Map.of();
        private Principal userPrincipal;
        private String subprotocol;
        private List<Extension> extensions = List.of();
        private ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
        private Map<String, Object> userProperties;

        private Builder(Role role, Endpoint endpoint, EndpointConfig config, OnrampContainer container,
                OpenSessions endpointSessions) {
            this.role = Objects.requireNonNull(role, "role");
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            this.config = Objects.requireNonNull(config, "config");
            this.container = Objects.requireNonNull(container, "container");
            this.endpointSessions = Objects.requireNonNull(endpointSessions, "endpointSessions");
        }

        public Builder requestUri(URI uri) { this.requestUri = uri; return this; }
        public Builder pathParameters(Map<String, String> params) { this.pathParameters = params; return this; }
        public Builder queryString(String query) { this.queryString = query; return this; }
        public Builder requestParameters(Map<String, List<String>> params) { this.requestParameters = params; return this; }
        public Builder userPrincipal(Principal principal) { this.userPrincipal = principal; return this; }
        public Builder subprotocol(String protocol) { this.subprotocol = protocol; return this; }
        public Builder extensions(List<Extension> negotiated) { this.extensions = negotiated; return this; }
        public Builder classLoader(ClassLoader loader) { this.classLoader = loader; return this; }
        /** Shares this (mutable, thread-safe) map as the session's user properties instead of copying the config's. */
        public Builder userProperties(Map<String, Object> map) { this.userProperties = map; return this; }

        public SessionSetup build() {
            return new SessionSetup(this);
        }
    }
}
