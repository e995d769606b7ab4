package dev.onramp.websocket.session;

import dev.onramp.websocket.protocol.ExtensionCodec;
import dev.onramp.websocket.protocol.PerMessageDeflate;
import dev.onramp.websocket.protocol.Role;
import jakarta.websocket.Extension;

import java.util.ArrayList;
import java.util.List;

/** The protocol codecs of a session's negotiated extensions; extensions Onramp does not implement get none. */
final class ExtensionCodecs {
    private ExtensionCodecs() {
    }

    static List<ExtensionCodec> forSession(Role role, List<Extension> negotiated) {
        List<ExtensionCodec> codecs = new ArrayList<>();
        for (Extension e : negotiated) {
            boolean first = codecs.stream().noneMatch(c -> c instanceof PerMessageDeflate);
            if (e instanceof DeflateExtension deflate && first) {
                codecs.add(new PerMessageDeflate(role, deflate.agreed()));
            }
        }
        return codecs;
    }
}
