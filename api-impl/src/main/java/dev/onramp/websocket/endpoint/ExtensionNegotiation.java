package dev.onramp.websocket.endpoint;

import dev.onramp.websocket.protocol.DeflateParameters;
import dev.onramp.websocket.session.DeflateExtension;
import jakarta.websocket.Extension;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns the extensions a handshake chose into the ones a session runs with, for the extensions Onramp implements
 * (permessage-deflate): the server's answer to the client's offers, and the client's check of the server's
 * answer. Extensions Onramp does not implement pass through unchanged (and get no codec).
 */
public final class ExtensionNegotiation {

    private ExtensionNegotiation() {
    }

    /**
     * What the server tells the configurator is installed: the endpoint configuration's extensions, then those
     * Onramp implements unless the configuration names them already.
     */
    public static List<Extension> installed(List<Extension> configured, Iterable<Extension> implemented) {
        List<Extension> all = new ArrayList<>(configured == null ? List.of() : configured);
        for (Extension e : implemented) {
            if (all.stream().noneMatch(c -> c.getName().equals(e.getName()))) {
                all.add(e);
            }
        }
        return all;
    }

    /**
     * The server's side: the configurator chose {@code chosen} from the client's {@code offered} extensions. A
     * chosen permessage-deflate is answered with the parameters RFC 7692 agrees to for it; when its parameters
     * cannot be accepted, the client's next acceptable permessage-deflate offer is taken instead (the offers are
     * alternatives, §5.1), and with none acceptable the extension is left out. At most one permessage-deflate.
     */
    public static List<Extension> serverAgree(List<Extension> chosen, List<Extension> offered) {
        List<Extension> agreed = new ArrayList<>();
        boolean deflate = false;
        for (Extension e : chosen) {
            if (!DeflateParameters.NAME.equals(e.getName())) {
                agreed.add(e);
                continue;
            }
            if (deflate) {
                continue;
            }
            DeflateParameters parameters = DeflateParameters.acceptOffer(parameters(e));
            for (int i = 0; parameters == null && i < offered.size(); i++) {
                if (DeflateParameters.NAME.equals(offered.get(i).getName())) {
                    parameters = DeflateParameters.acceptOffer(parameters(offered.get(i)));
                }
            }
            if (parameters != null) {
                agreed.add(new DeflateExtension(parameters));
                deflate = true;
            }
        }
        return agreed;
    }

    /**
     * The client's side: checks the server's permessage-deflate answer against the client's offers.
     *
     * @throws IllegalArgumentException naming what is wrong with it
     */
    public static Extension clientAgree(Extension answered, List<Extension> offered) {
        if (!DeflateParameters.NAME.equals(answered.getName())) {
            return answered;
        }
        List<List<DeflateParameters.Parameter>> offers = new ArrayList<>();
        for (Extension e : offered == null ? List.<Extension>of() : offered) {
            if (DeflateParameters.NAME.equals(e.getName())) {
                offers.add(parameters(e));
            }
        }
        return new DeflateExtension(DeflateParameters.acceptResponse(parameters(answered), offers));
    }

    private static List<DeflateParameters.Parameter> parameters(Extension e) {
        List<DeflateParameters.Parameter> list = new ArrayList<>();
        for (Extension.Parameter p : e.getParameters()) {
            String value = p.getValue();
            list.add(new DeflateParameters.Parameter(p.getName(), value == null || value.isEmpty() ? null : value));
        }
        return list;
    }
}
