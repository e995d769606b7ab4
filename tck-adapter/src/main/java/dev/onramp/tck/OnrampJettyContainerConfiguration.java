package dev.onramp.tck;

import org.jboss.arquillian.container.spi.ConfigurationException;

/** Settings of {@link OnrampJettyContainer}: the common ones and the HTTP connector's idle timeout. */
public class OnrampJettyContainerConfiguration extends OnrampContainerConfiguration {

    private long idleTimeoutMillis = 30_000;

    @Override
    public void validate() throws ConfigurationException {
        super.validate();
        if (idleTimeoutMillis <= 0) {
            throw new ConfigurationException("idleTimeoutMillis must be positive, was " + idleTimeoutMillis);
        }
    }

    /** The HTTP connector's idle timeout in milliseconds (before a connection is upgraded); default 30000. */
    public long getIdleTimeoutMillis() {
        return idleTimeoutMillis;
    }

    public void setIdleTimeoutMillis(long idleTimeoutMillis) {
        this.idleTimeoutMillis = idleTimeoutMillis;
    }
}
