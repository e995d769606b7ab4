package dev.onramp.websocket.protocol;

/**
 * The peer broke RFC 6455 (or a configured limit): the connection must be failed with {@link #closeCode()}
 * (RFC 6455 §7.1.7).
 */
public final class ProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int closeCode;

    /**
     * @param closeCode the close code to fail the connection with (e.g. 1002, 1007, 1009)
     * @param message   what was wrong, for logs; also usable as a close reason when short
     */
    public ProtocolException(int closeCode, String message) {
        super(message);
        this.closeCode = closeCode;
    }

    /** The close code the connection must be closed with. */
    public int closeCode() {
        return closeCode;
    }
}
