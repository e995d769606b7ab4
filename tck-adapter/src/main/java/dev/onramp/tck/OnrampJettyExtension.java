package dev.onramp.tck;

import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.core.spi.LoadableExtension;

/** Registers {@link OnrampJettyContainer} with Arquillian (listed in {@code META-INF/services}). */
public class OnrampJettyExtension implements LoadableExtension {

    @Override
    public void register(ExtensionBuilder builder) {
        builder.service(DeployableContainer.class, OnrampJettyContainer.class);
    }
}
