package dev.onramp.websocket.session;

import dev.onramp.websocket.protocol.DeflateParameters;
import jakarta.websocket.Extension;

import java.util.ArrayList;
import java.util.List;

/**
 * permessage-deflate as the API sees it: an {@link Extension} whose parameters are those of the handshake's
 * response, carrying the agreed {@link DeflateParameters} the session's codec is built from (some of which, like a
 * client's no-context-takeover promise made in its offer, the response alone does not show).
 */
public final class DeflateExtension implements Extension {
    private final DeflateParameters agreed;
    private final List<Extension.Parameter> parameters;

    /** @param agreed what the handshake agreed; {@link DeflateParameters#defaults()} for the installed extension */
    public DeflateExtension(DeflateParameters agreed) {
        this.agreed = agreed;
        List<Extension.Parameter> list = new ArrayList<>();
        for (DeflateParameters.Parameter p : agreed.responseParameters()) {
            list.add(new ExtensionParameter(p.name(), p.value()));
        }
        this.parameters = List.copyOf(list);
    }

    /** The agreed parameters. */
    public DeflateParameters agreed() {
        return agreed;
    }

    @Override
    public String getName() {
        return DeflateParameters.NAME;
    }

    @Override
    public List<Extension.Parameter> getParameters() {
        return parameters;
    }

    @Override
    public String toString() {
        return agreed.toString();
    }
}
