package dev.onramp.websocket.client;

import dev.onramp.websocket.endpoint.AnnotatedEndpointModel;
import jakarta.websocket.ClientEndpoint;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;

import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@code @ClientEndpoint} class made ready to connect: its compiled callbacks and the configuration its
 * annotation describes (subprotocols, encoders, decoders, configurator). Compiled once per class and cached:
 * the callbacks never change, while each connection gets a fresh {@link ClientEndpointConfig} (its user
 * properties are per connection).
 */
final class AnnotatedClient {

    private static final Map<Class<?>, AnnotatedClient> CACHE = new ConcurrentHashMap<>();

    private final AnnotatedEndpointModel model;
    private final ClientEndpoint annotation;

    private AnnotatedClient(AnnotatedEndpointModel model, ClientEndpoint annotation) {
        this.model = model;
        this.annotation = annotation;
    }

    /** The compiled class; a DeploymentException when it is not a legal {@code @ClientEndpoint}. */
    static AnnotatedClient of(Class<?> pojoClass) throws DeploymentException {
        AnnotatedClient cached = CACHE.get(pojoClass);
        if (cached != null) {
            return cached;
        }
        ClientEndpoint annotation = pojoClass.getAnnotation(ClientEndpoint.class);
        if (annotation == null) {
            throw new DeploymentException(pojoClass.getName() + " is neither annotated with @ClientEndpoint nor an Endpoint");
        }
        AnnotatedClient compiled = new AnnotatedClient(AnnotatedEndpointModel.compile(pojoClass, false), annotation);
        CACHE.putIfAbsent(pojoClass, compiled);
        return compiled;
    }

    /** A new configuration from the annotation, with its own configurator instance and user properties. */
    ClientEndpointConfig config() throws DeploymentException {
        ClientEndpointConfig.Builder builder = ClientEndpointConfig.Builder.create()
                .preferredSubprotocols(List.of(annotation.subprotocols()))
                .encoders(List.of(annotation.encoders()))
                .decoders(List.of(annotation.decoders()));
        if (annotation.configurator() != ClientEndpointConfig.Configurator.class) {
            builder.configurator(instantiate(annotation.configurator()));
        }
        return builder.build();
    }

    Endpoint newEndpoint(Object pojo) {
        return model.newEndpoint(pojo);
    }

    /** Creates an instance with the no-arg constructor; a DeploymentException when there is none or it fails. */
    static <T> T instantiate(Class<T> type) throws DeploymentException {
        try {
            java.lang.reflect.Constructor<T> constructor = type.getDeclaredConstructor();
            // a package-private class in the application's own code is fine to use, as other providers do
            constructor.trySetAccessible();
            return constructor.newInstance();
        } catch (NoSuchMethodException e) {
            throw new DeploymentException(type.getName() + " needs a no-argument constructor", e);
        } catch (InvocationTargetException e) {
            throw new DeploymentException("the constructor of " + type.getName() + " threw " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new DeploymentException("cannot instantiate " + type.getName() + ": " + e, e);
        }
    }
}
