package dev.onramp.tck;

import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.core.spi.LoadableExtension;

/**
 * Registers one Onramp container with Arquillian (listed in {@code META-INF/services}): embedded Jetty
 * ({@link OnrampJettyContainer}, the default) or, with the system property {@value #CONTAINER_PROPERTY} set to
 * {@code tomcat}, embedded Tomcat ({@link OnrampTomcatContainer}). Arquillian refuses to start with more than one.
 */
public class OnrampExtension implements LoadableExtension {

    /** The system property that chooses the container: {@code jetty} (default) or {@code tomcat}. */
    public static final String CONTAINER_PROPERTY = "onramp.tck.container";

    @Override
    public void register(ExtensionBuilder builder) {
        builder.service(DeployableContainer.class, chosen());
    }

    static Class<? extends DeployableContainer<?>> chosen() {
        String name = System.getProperty(CONTAINER_PROPERTY, "jetty").trim();
        return switch (name) {
            case "jetty", "" -> OnrampJettyContainer.class;
            case "tomcat" -> OnrampTomcatContainer.class;
            default -> throw new IllegalArgumentException(CONTAINER_PROPERTY + " must be jetty or tomcat, was " + name);
        };
    }
}
