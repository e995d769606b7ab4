package dev.onramp.tck;

import java.nio.file.Path;

import org.jboss.arquillian.container.spi.ConfigurationException;
import org.jboss.arquillian.container.spi.client.container.ContainerConfiguration;

/**
 * Settings every Onramp Arquillian container has, filled by Arquillian from {@code arquillian.xml} through the
 * JavaBean setters named after the properties.
 *
 * <p>The defaults bind the loopback address on an ephemeral port, so several forks (or several engineers) on one
 * host never collide and nothing is reachable from outside.
 */
public class OnrampContainerConfiguration implements ContainerConfiguration {

    private String bindAddress = "127.0.0.1";
    private int bindHttpPort = 0;
    private String workDirectory;
    private boolean failDeploymentOnStartupError = false;

    @Override
    public void validate() throws ConfigurationException {
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new ConfigurationException("bindAddress must be set");
        }
        if (bindHttpPort < 0 || bindHttpPort > 65_535) {
            throw new ConfigurationException("bindHttpPort must be 0 (ephemeral) to 65535, was " + bindHttpPort);
        }
    }

    /** The address the HTTP connector binds; default {@code 127.0.0.1}. */
    public String getBindAddress() {
        return bindAddress;
    }

    public void setBindAddress(String bindAddress) {
        this.bindAddress = bindAddress;
    }

    /** The HTTP port; {@code 0} (the default) lets the system pick a free one, read back after start. */
    public int getBindHttpPort() {
        return bindHttpPort;
    }

    public void setBindHttpPort(int bindHttpPort) {
        this.bindHttpPort = bindHttpPort;
    }

    /**
     * Where WARs are exported and webapps unpacked; {@code null} (the default) means a fresh temporary directory per
     * container start, deleted at stop.
     */
    public String getWorkDirectory() {
        return workDirectory;
    }

    public void setWorkDirectory(String workDirectory) {
        this.workDirectory = workDirectory;
    }

    Path workDirectoryPath() {
        return workDirectory == null ? null : Path.of(workDirectory);
    }

    /**
     * Whether {@code deploy()} throws when the webapp fails to start. Default {@code false}: the TCK's negative
     * deployments expect the deployment to "succeed" and the invalid application simply not to be served.
     */
    public boolean isFailDeploymentOnStartupError() {
        return failDeploymentOnStartupError;
    }

    public void setFailDeploymentOnStartupError(boolean failDeploymentOnStartupError) {
        this.failDeploymentOnStartupError = failDeploymentOnStartupError;
    }
}
