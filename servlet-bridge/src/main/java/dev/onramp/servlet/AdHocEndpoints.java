package dev.onramp.servlet;

import dev.onramp.websocket.endpoint.AnnotatedEndpointModel;
import dev.onramp.websocket.endpoint.AnnotatedServerEndpointConfig;
import dev.onramp.websocket.session.OpenSessions;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The endpoints of {@link ServerContainer#upgradeHttpToWebSocket} calls, whose configurations were never deployed.
 *
 * <p>Frameworks build a new {@link ServerEndpointConfig} for every request (Spring Framework 7 does, and so does the
 * sample's upgrade servlet), and the configuration reaches the endpoint, its session and its transport: so nothing is
 * kept per call. What is worth keeping is kept per endpoint class: the compiled model of an annotated class (so its
 * callbacks are introspected once) and the open sessions of that class ({@code Session.getOpenSessions()}: the
 * sessions of the same endpoint). The number of classes is bounded; past the bound each call compiles on its own and
 * its session sees only itself. The entries belong to the application's container and are dropped when it stops.
 */
final class AdHocEndpoints {

    private static final System.Logger LOG = System.getLogger(AdHocEndpoints.class.getName());

    /** Endpoint classes remembered per application; an application upgrades to a handful. */
    static final int MAX_CLASSES = 64;

    /** What one endpoint class shares between its upgrades. */
    private record PerClass(AnnotatedEndpointModel model, OpenSessions sessions) {
    }

    private final Map<Class<?>, PerClass> byClass = new ConcurrentHashMap<>();
    private final AtomicBoolean warnedFull = new AtomicBoolean();

    /**
     * The endpoint for one upgrade with the given configuration.
     *
     * @throws DeploymentException when the class is neither an {@link Endpoint} nor a valid annotated endpoint
     */
    DeployedEndpoint endpointFor(ServerEndpointConfig config) throws DeploymentException {
        Class<?> endpointClass = config.getEndpointClass();
        if (endpointClass == null || config instanceof AnnotatedServerEndpointConfig) {
            return DeployedEndpoint.of(config); // nothing to compile, or an error to report
        }
        PerClass shared = byClass.get(endpointClass);
        if (shared == null) {
            PerClass compiled = new PerClass(compile(endpointClass), new OpenSessions());
            if (byClass.size() < MAX_CLASSES) {
                shared = byClass.computeIfAbsent(endpointClass, c -> compiled);
            } else {
                if (warnedFull.compareAndSet(false, true)) {
                    LOG.log(System.Logger.Level.WARNING, "upgradeHttpToWebSocket was called with more than "
                            + MAX_CLASSES + " endpoint classes; the others are introspected on every call");
                }
                shared = compiled;
            }
        }
        return DeployedEndpoint.adHoc(config, shared.model(), shared.sessions());
    }

    private static AnnotatedEndpointModel compile(Class<?> endpointClass) throws DeploymentException {
        return Endpoint.class.isAssignableFrom(endpointClass) ? null
                : AnnotatedEndpointModel.compile(endpointClass, true);
    }

    /** Forgets every class: the application stopped. */
    void clear() {
        byClass.clear();
    }

    /** How many endpoint classes are remembered (for tests). */
    int size() {
        return byClass.size();
    }
}
