package dev.onramp.websocket.protocol;

/**
 * Close status codes of RFC 6455 §7.4 and the IANA "WebSocket Close Code Number" registry, and the rule for which
 * of them may travel in a close frame.
 */
public final class CloseCodes {
    /** 1000: the purpose of the connection was fulfilled. */
    public static final int NORMAL_CLOSURE = 1000;
    /** 1001: an endpoint is going away (server shutdown, page navigation). */
    public static final int GOING_AWAY = 1001;
    /** 1002: the peer broke the protocol. */
    public static final int PROTOCOL_ERROR = 1002;
    /** 1003: a data type the endpoint cannot accept. */
    public static final int UNSUPPORTED_DATA = 1003;
    /** 1005: reported locally when a close frame carried no status code; never sent. */
    public static final int NO_STATUS_CODE = 1005;
    /** 1006: reported locally when the connection ended without a close frame; never sent. */
    public static final int CLOSED_ABNORMALLY = 1006;
    /** 1007: message data inconsistent with its type (e.g. invalid UTF-8 in a text message). */
    public static final int INVALID_PAYLOAD = 1007;
    /** Alias of {@link #INVALID_PAYLOAD} with the name the Jakarta API uses. */
    public static final int NOT_CONSISTENT = INVALID_PAYLOAD;
    /** 1008: a message violated the endpoint's policy. */
    public static final int POLICY_VIOLATION = 1008;
    /** 1009: a message too big to process. */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** 1010: the client expected an extension the server did not negotiate. */
    public static final int MANDATORY_EXTENSION = 1010;
    /** 1011: the server hit an unexpected condition. */
    public static final int INTERNAL_ERROR = 1011;
    /** 1012: the service is restarting (IANA). */
    public static final int SERVICE_RESTART = 1012;
    /** 1013: try again later (IANA). */
    public static final int TRY_AGAIN_LATER = 1013;
    /** 1014: a gateway got an invalid response upstream (IANA). */
    public static final int BAD_GATEWAY = 1014;
    /** 1015: reported locally when the TLS handshake failed; never sent. */
    public static final int TLS_HANDSHAKE_FAILURE = 1015;

    private CloseCodes() {
    }

    /**
     * May this code appear in a close frame (received from the peer, or sent by us)? 1000-1003, 1007-1014 and the
     * library/application ranges 3000-4999 yes; 0-999, 1004-1006, 1015, the unassigned 1016-2999 and 5000 and
     * above no.
     */
    public static boolean isValidOnWire(int code) {
        return (code >= 1000 && code <= 1003)
                || (code >= 1007 && code <= 1014)
                || (code >= 3000 && code <= 4999);
    }
}
