package dev.onramp.websocket.session;

import jakarta.websocket.Extension;

/**
 * One {@code name[=value]} parameter of an extension, as a handshake header names it (value null when absent).
 * The one implementation of {@link Extension.Parameter} in Onramp: headers parsed by the client and the server,
 * and the agreed permessage-deflate parameters, all use it.
 */
public record ExtensionParameter(String name, String value) implements Extension.Parameter {
    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getValue() {
        return value;
    }
}
