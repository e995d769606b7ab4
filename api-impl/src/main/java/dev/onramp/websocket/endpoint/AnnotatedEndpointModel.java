package dev.onramp.websocket.endpoint;

import jakarta.websocket.ClientEndpoint;
import jakarta.websocket.Decoder;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerEndpoint;

import java.util.List;

/**
 * A compiled {@code @ServerEndpoint} or {@code @ClientEndpoint} class: every callback method found, validated and
 * bound to a method handle once, at deployment.
 */
public final class AnnotatedEndpointModel {

    private final Class<?> pojoClass;

    private AnnotatedEndpointModel(Class<?> pojoClass) {
        this.pojoClass = pojoClass;
    }

    /**
     * Compiles a class with the decoders of its {@code @ServerEndpoint} or {@code @ClientEndpoint} annotation.
     *
     * @param server true for a server endpoint, false for a client endpoint (no {@code @PathParam} there)
     * @throws DeploymentException naming the class, the method and the rule broken, for an illegal declaration
     */
    public static AnnotatedEndpointModel compile(Class<?> pojoClass, boolean server) throws DeploymentException {
        ServerEndpoint se = pojoClass.getAnnotation(ServerEndpoint.class);
        ClientEndpoint ce = pojoClass.getAnnotation(ClientEndpoint.class);
        List<Class<? extends Decoder>> decoders = server
                ? (se == null ? List.of() : List.of(se.decoders()))
                : (ce == null ? List.of() : List.of(ce.decoders()));
        return compile(pojoClass, server, decoders);
    }

    /**
     * Compiles a class against an explicit list of decoders (for an annotated class deployed with a programmatic
     * {@code ServerEndpointConfig}, whose decoders replace the annotation's).
     */
    public static AnnotatedEndpointModel compile(Class<?> pojoClass, boolean server,
            List<Class<? extends Decoder>> decoders) throws DeploymentException {
        return new AnnotatedEndpointModel(pojoClass);
    }

    /** The compiled class. */
    public Class<?> pojoClass() {
        return pojoClass;
    }

    /** An {@link Endpoint} that drives this POJO instance for one session. */
    public Endpoint newEndpoint(Object pojoInstance) {
        throw new UnsupportedOperationException("not yet");
    }
}
