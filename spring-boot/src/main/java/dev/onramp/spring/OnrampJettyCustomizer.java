package dev.onramp.spring;

import dev.onramp.jetty.UpgradeSafeHttpConnectionFactory;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * Embedded Jetty: refuses Jetty's own Jakarta WebSocket (Boot installs it whenever its jar is present) and swaps the
 * HTTP/1.1 connection factory of every connector Boot made (behind TLS too, where Boot's TLS factory hands over to
 * it by protocol name; only the plain connector is tested) for
 * {@link UpgradeSafeHttpConnectionFactory}, with the same {@code HttpConfiguration}: under Jetty 12.1's own factory a
 * servlet upgrade loses what the client sends after the 101.
 */
final class OnrampJettyCustomizer implements WebServerFactoryCustomizer<JettyServletWebServerFactory> {

    @Override
    public void customize(JettyServletWebServerFactory factory) {
        OtherImplementations.refuseIfPresent(OtherImplementations.Known.JETTY, factory.getClass().getClassLoader());
        factory.addServerCustomizers(OnrampJettyCustomizer::upgradeSafeConnectors);
    }

    /** Replaces each connector's HTTP/1.1 factory; the connectors are not started yet. */
    static void upgradeSafeConnectors(Server server) {
        for (Connector connector : server.getConnectors()) {
            if (!(connector instanceof AbstractConnector abstractConnector)) {
                continue;
            }
            HttpConnectionFactory http = abstractConnector.getConnectionFactory(HttpConnectionFactory.class);
            if (http == null || http instanceof UpgradeSafeHttpConnectionFactory) {
                continue;
            }
            UpgradeSafeHttpConnectionFactory safe = new UpgradeSafeHttpConnectionFactory(http.getHttpConfiguration());
            safe.setInputBufferSize(http.getInputBufferSize());
            safe.setTransferEncodingChunkMaxLength(http.getTransferEncodingChunkMaxLength());
            abstractConnector.addConnectionFactory(safe); // same protocol: replaces Jetty's, and stays the default
        }
    }
}
