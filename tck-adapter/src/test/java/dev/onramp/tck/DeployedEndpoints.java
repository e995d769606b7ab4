package dev.onramp.tck;

import dev.onramp.testing.JdkClient;

import java.net.URI;
import java.net.URL;

/** WebSocket URIs of, and JDK clients for, endpoints the adapter's tests deploy. */
final class DeployedEndpoints {

    private DeployedEndpoints() {
    }

    /** The ws:// URI of {@code path} (relative, no leading slash) under the deployment's context root. */
    static URI uri(URL contextRoot, String path) {
        return URI.create("ws://" + contextRoot.getHost() + ":" + contextRoot.getPort() + contextRoot.getPath() + path);
    }

    /** A JDK client connected to {@code path} under the deployment's context root. */
    static JdkClient connect(URL contextRoot, String path) throws Exception {
        return JdkClient.connect(uri(contextRoot, path));
    }
}
