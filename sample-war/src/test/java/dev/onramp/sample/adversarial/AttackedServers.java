package dev.onramp.sample.adversarial;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * The servers of the adversarial suite: the protected sample WAR ({@link ProtectedSampleWar}) in each container,
 * each with its {@link Witness}, started once for all the suite's classes (in the test run's root store) and
 * stopped when the run ends. Register in each attack class as
 * {@code @RegisterExtension static final AttackedServers SERVERS = new AttackedServers();}.
 *
 * <p>The servers are shared, so an attack measures its own baseline (open sessions, held sockets, heap) before it
 * starts, and ends by checking the witness ({@code SERVERS.witness(c).assertServedSince(mark)}).
 */
final class AttackedServers implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(AttackedServers.class);

    private Suite suite;

    @Override
    public void beforeAll(ExtensionContext context) {
        suite = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(Suite.class, k -> Suite.start(), Suite.class);
    }

    Target target(Container container) {
        return suite.targets.get(container);
    }

    Witness witness(Container container) {
        return suite.witnesses.get(container);
    }

    /** Both targets and their witnesses; closed by JUnit when the whole run ends. */
    static final class Suite implements ExtensionContext.Store.CloseableResource {
        private final Map<Container, Target> targets = new EnumMap<>(Container.class);
        private final Map<Container, Witness> witnesses = new EnumMap<>(Container.class);

        static Suite start() {
            Suite suite = new Suite();
            try {
                Path webapp = ProtectedSampleWar.build();
                for (Container c : Container.values()) {
                    Target target = Target.start(c, webapp);
                    suite.targets.put(c, target);
                    suite.witnesses.put(c, Witness.start(target.ws("/echo?" + Witness.QUERY)));
                }
                return suite;
            } catch (Exception e) {
                suite.close();
                throw new IllegalStateException("the adversarial suite's servers did not start", e);
            }
        }

        @Override
        public void close() {
            witnesses.values().forEach(Witness::close);
            for (Target t : targets.values()) {
                try {
                    t.close();
                } catch (Exception e) {
                    e.printStackTrace();
                }
            }
        }
    }
}
