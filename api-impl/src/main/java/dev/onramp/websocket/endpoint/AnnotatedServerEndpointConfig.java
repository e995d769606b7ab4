package dev.onramp.websocket.endpoint;

import jakarta.websocket.Decoder;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Encoder;
import jakarta.websocket.Extension;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;

import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Map;

/**
 * The {@link ServerEndpointConfig} of a {@link ServerEndpoint @ServerEndpoint} class: its path, subprotocols,
 * encoders, decoders and configurator (an instance of the annotation's configurator class, or the container
 * default {@link DefaultServerEndpointConfigurator}), and the compiled {@link AnnotatedEndpointModel}. The deployed
 * config has its own, initially empty, mutable user-properties map; each connection gets a copy of it
 * ({@link PerConnectionServerEndpointConfig}).
 */
public final class AnnotatedServerEndpointConfig implements ServerEndpointConfig {

    private final Class<?> endpointClass;
    private final UriTemplate template;
    private final List<String> subprotocols;
    private final List<Class<? extends Encoder>> encoders;
    private final List<Class<? extends Decoder>> decoders;
    private final Configurator configurator;
    private final AnnotatedEndpointModel model;
    private final Map<String, Object> userProperties;

    private AnnotatedServerEndpointConfig(Class<?> endpointClass, UriTemplate template, List<String> subprotocols,
            List<Class<? extends Encoder>> encoders, List<Class<? extends Decoder>> decoders,
            Configurator configurator, AnnotatedEndpointModel model, Map<String, Object> userProperties) {
        this.endpointClass = endpointClass;
        this.template = template;
        this.subprotocols = subprotocols;
        this.encoders = encoders;
        this.decoders = decoders;
        this.configurator = configurator;
        this.model = model;
        this.userProperties = userProperties;
    }

    /**
     * Reads and validates a {@code @ServerEndpoint} class.
     *
     * @throws DeploymentException when the class has no {@code @ServerEndpoint}, its path is not a valid URI
     *     template, its configurator cannot be instantiated, or a callback method is illegal
     */
    public static AnnotatedServerEndpointConfig of(Class<?> annotatedClass) throws DeploymentException {
        ServerEndpoint annotation = annotatedClass.getAnnotation(ServerEndpoint.class);
        if (annotation == null) {
            throw new DeploymentException("Class " + annotatedClass.getName() + " is not annotated with @"
                    + ServerEndpoint.class.getName());
        }
        UriTemplate template;
        try {
            template = UriTemplate.parse(annotation.value());
        } catch (DeploymentException e) {
            throw new DeploymentException("@ServerEndpoint of " + annotatedClass.getName() + ": " + e.getMessage(),
                    e);
        }
        List<Class<? extends Decoder>> decoders = List.of(annotation.decoders());
        AnnotatedEndpointModel model = AnnotatedEndpointModel.compile(annotatedClass, true, decoders);
        return new AnnotatedServerEndpointConfig(annotatedClass, template, List.of(annotation.subprotocols()),
                List.of(annotation.encoders()), decoders, configurator(annotatedClass, annotation.configurator()),
                model, PerConnectionServerEndpointConfig.newUserProperties(Map.of()));
    }

    /**
     * The view of this configuration one connection gets: the same class and settings (an application may compare
     * config classes), with its own user-properties map that starts as a shallow copy of this one's.
     */
    AnnotatedServerEndpointConfig forConnection() {
        return new AnnotatedServerEndpointConfig(endpointClass, template, subprotocols, encoders, decoders,
                configurator, model, PerConnectionServerEndpointConfig.newUserProperties(userProperties));
    }

    private static Configurator configurator(Class<?> endpoint, Class<? extends Configurator> type)
            throws DeploymentException {
        if (type == Configurator.class || type == DefaultServerEndpointConfigurator.class) {
            return new DefaultServerEndpointConfigurator();
        }
        try {
            var constructor = type.getDeclaredConstructor();
            constructor.trySetAccessible();
            return constructor.newInstance();
        } catch (InvocationTargetException e) {
            throw new DeploymentException("Cannot instantiate configurator " + type.getName() + " of "
                    + endpoint.getName() + ": its constructor threw " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new DeploymentException("Cannot instantiate configurator " + type.getName() + " of "
                    + endpoint.getName() + " with a no-argument constructor: " + e, e);
        }
    }

    /** The compiled callbacks of the endpoint class. */
    public AnnotatedEndpointModel model() {
        return model;
    }

    /** The parsed path. */
    public UriTemplate template() {
        return template;
    }

    @Override
    public Class<?> getEndpointClass() {
        return endpointClass;
    }

    @Override
    public String getPath() {
        return template.path();
    }

    @Override
    public List<String> getSubprotocols() {
        return subprotocols;
    }

    /** None: a {@code @ServerEndpoint} cannot name extensions; the container's installed ones are negotiated. */
    @Override
    public List<Extension> getExtensions() {
        return List.of();
    }

    @Override
    public Configurator getConfigurator() {
        return configurator;
    }

    @Override
    public List<Class<? extends Encoder>> getEncoders() {
        return encoders;
    }

    @Override
    public List<Class<? extends Decoder>> getDecoders() {
        return decoders;
    }

    @Override
    public Map<String, Object> getUserProperties() {
        return userProperties;
    }

    @Override
    public String toString() {
        return "@ServerEndpoint(" + template.path() + ") " + endpointClass.getName();
    }
}
