package dev.onramp.websocket.protocol;

/** Which end of a connection this engine is; it decides masking (RFC 6455 §5.1, §5.3). */
public enum Role {
    /** Sends masked frames and requires unmasked ones. */
    CLIENT,
    /** Sends unmasked frames and requires masked ones. */
    SERVER;

    /** Whether frames this role sends carry a mask. */
    public boolean masksOutbound() {
        return this == CLIENT;
    }

    /** Whether frames this role receives must carry a mask. */
    public boolean requiresMaskedInbound() {
        return this == SERVER;
    }
}
