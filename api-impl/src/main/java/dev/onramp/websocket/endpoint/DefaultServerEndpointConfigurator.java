package dev.onramp.websocket.endpoint;

import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Onramp's container default {@link ServerEndpointConfig.Configurator}, found through
 * {@code META-INF/services} by the API's own {@code Configurator} base class. Every method is overridden: the
 * base class implementations delegate to the container default, which would recurse into this class.
 *
 * <ul>
 *   <li>{@link #checkOrigin} accepts every origin;</li>
 *   <li>{@link #getNegotiatedSubprotocol} picks the first subprotocol the client requested that the server
 *       supports, or {@code ""};</li>
 *   <li>{@link #getNegotiatedExtensions} keeps the requested extensions the server installed (by name), in the
 *       client's order, with the client's parameters, each name once;</li>
 *   <li>{@link #modifyHandshake} changes nothing;</li>
 *   <li>{@link #getEndpointInstance} calls the public no-argument constructor.</li>
 * </ul>
 */
public final class DefaultServerEndpointConfigurator extends ServerEndpointConfig.Configurator {

    /** Creates the default configurator (the service loader needs a public no-argument constructor). */
    public DefaultServerEndpointConfigurator() {
    }

    @Override
    public ServerEndpointConfig.Configurator getContainerDefaultConfigurator() {
        return this;
    }

    @Override
    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
        if (supported == null || requested == null) {
            return "";
        }
        for (String candidate : requested) {
            if (supported.contains(candidate)) {
                return candidate;
            }
        }
        return "";
    }

    @Override
    public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
        if (installed == null || requested == null) {
            return List.of();
        }
        Set<String> installedNames = new HashSet<>();
        for (Extension e : installed) {
            installedNames.add(e.getName());
        }
        // A client may offer one extension several times with different parameters, as alternatives; the first
        // offer is its preference, and accepting two of one extension would make no sense.
        Set<String> taken = new HashSet<>();
        List<Extension> negotiated = new ArrayList<>();
        for (Extension e : requested) {
            if (installedNames.contains(e.getName()) && taken.add(e.getName())) {
                negotiated.add(e);
            }
        }
        return negotiated;
    }

    @Override
    public boolean checkOrigin(String originHeaderValue) {
        return true;
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
        // the default handshake needs no change
    }

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
        if (Modifier.isAbstract(endpointClass.getModifiers())) {
            throw new InstantiationException("Cannot instantiate endpoint " + endpointClass.getName()
                    + ": it is abstract or an interface");
        }
        Constructor<T> constructor;
        try {
            constructor = endpointClass.getConstructor();
        } catch (NoSuchMethodException e) {
            throw instantiationFailure(endpointClass, "it has no public no-argument constructor", e);
        }
        // a public constructor of a non-public (e.g. nested) class is still meant to be callable
        constructor.trySetAccessible();
        try {
            return constructor.newInstance();
        } catch (InvocationTargetException e) {
            throw instantiationFailure(endpointClass, "its constructor threw " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw instantiationFailure(endpointClass, e.toString(), e);
        }
    }

    private static InstantiationException instantiationFailure(Class<?> c, String why, Throwable cause) {
        InstantiationException e = new InstantiationException("Cannot instantiate endpoint " + c.getName()
                + ": " + why);
        e.initCause(cause);
        return e;
    }
}
