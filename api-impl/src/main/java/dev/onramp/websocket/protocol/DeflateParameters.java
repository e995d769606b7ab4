package dev.onramp.websocket.protocol;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The agreed parameters of permessage-deflate (RFC 7692 §7.1) and the rules that produce them: the server
 * answering one offer, the client checking the server's response against its offers.
 *
 * <p>java.util.zip compresses with a 32 KiB window (15 bits) only and cannot be told to use less. When the peer
 * limits the window this end compresses with (server_max_window_bits from a client's offer, client_max_window_bits
 * from a server's response) to fewer than 15 bits, this end still agrees and compresses Huffman-only: such output
 * holds no LZ77 back-references at all, so it is within any window limit. Decompression always uses a 15-bit
 * window, which decodes output of every smaller window.
 */
public final class DeflateParameters {
    /** The extension's registered name. */
    public static final String NAME = "permessage-deflate";

    static final String SERVER_NO_CONTEXT_TAKEOVER = "server_no_context_takeover";
    static final String CLIENT_NO_CONTEXT_TAKEOVER = "client_no_context_takeover";
    static final String SERVER_MAX_WINDOW_BITS = "server_max_window_bits";
    static final String CLIENT_MAX_WINDOW_BITS = "client_max_window_bits";
    private static final int MAX_WINDOW_BITS = 15;

    /** One extension parameter as a header carries it: a name and a value, or null for a parameter without one. */
    public record Parameter(String name, String value) {
    }

    private final boolean serverNoContextTakeover;
    private final boolean clientNoContextTakeover;
    private final int serverMaxWindowBits;
    private final int clientMaxWindowBits;
    private final List<Parameter> response;

    private DeflateParameters(boolean serverNoContextTakeover, boolean clientNoContextTakeover,
            int serverMaxWindowBits, int clientMaxWindowBits, List<Parameter> response) {
        this.serverNoContextTakeover = serverNoContextTakeover;
        this.clientNoContextTakeover = clientNoContextTakeover;
        this.serverMaxWindowBits = serverMaxWindowBits;
        this.clientMaxWindowBits = clientMaxWindowBits;
        this.response = List.copyOf(response);
    }

    /** The defaults: context takeover both ways, 15-bit windows (what an offer without parameters agrees to). */
    public static DeflateParameters defaults() {
        return new DeflateParameters(false, false, MAX_WINDOW_BITS, MAX_WINDOW_BITS, List.of());
    }

    /**
     * The server's side (§7.1): the parameters agreed by accepting this offer, or null when the offer must be
     * declined (a parameter unknown, repeated or with an invalid value). Never declines for window sizes: see the
     * class comment.
     */
    public static DeflateParameters acceptOffer(List<Parameter> offer) {
        Set<String> seen = new HashSet<>();
        boolean serverNoTakeover = false;
        boolean clientNoTakeover = false;
        int serverBits = MAX_WINDOW_BITS;
        boolean serverBitsAsked = false;
        for (Parameter p : offer) {
            String name = p.name().toLowerCase(java.util.Locale.ROOT);
            if (!seen.add(name)) {
                return null;
            }
            switch (name) {
                case SERVER_NO_CONTEXT_TAKEOVER:
                    if (p.value() != null) {
                        return null;
                    }
                    serverNoTakeover = true;
                    break;
                case CLIENT_NO_CONTEXT_TAKEOVER:
                    if (p.value() != null) {
                        return null;
                    }
                    clientNoTakeover = true;
                    break;
                case SERVER_MAX_WINDOW_BITS:
                    serverBits = windowBits(p.value());
                    if (serverBits < 0) {
                        return null;
                    }
                    serverBitsAsked = true;
                    break;
                case CLIENT_MAX_WINDOW_BITS:
                    // no value: the client merely supports the parameter; a value: its own limit. Either way the
                    // 15-bit inflater decodes what it sends, so the response need not mention it.
                    if (p.value() != null && windowBits(p.value()) < 0) {
                        return null;
                    }
                    break;
                default:
                    return null;
            }
        }
        List<Parameter> answer = new ArrayList<>();
        if (serverNoTakeover) {
            answer.add(new Parameter(SERVER_NO_CONTEXT_TAKEOVER, null));
        }
        if (clientNoTakeover) {
            answer.add(new Parameter(CLIENT_NO_CONTEXT_TAKEOVER, null));
        }
        if (serverBitsAsked) {
            // §7.1.2.1: an offer that limits the server's window must see the limit in the response
            answer.add(new Parameter(SERVER_MAX_WINDOW_BITS, Integer.toString(serverBits)));
        }
        return new DeflateParameters(serverNoTakeover, clientNoTakeover, serverBits, MAX_WINDOW_BITS, answer);
    }

    /**
     * The client's side (§7.1): the parameters a server's response agrees to, checked against the client's offers
     * of permessage-deflate (several offers are alternatives; the response must fit at least one).
     *
     * @throws IllegalArgumentException naming what is wrong with the response
     */
    public static DeflateParameters acceptResponse(List<Parameter> answer, List<List<Parameter>> offers) {
        Set<String> seen = new HashSet<>();
        boolean serverNoTakeover = false;
        boolean clientNoTakeover = false;
        int serverBits = MAX_WINDOW_BITS;
        int clientBits = MAX_WINDOW_BITS;
        boolean clientBitsAnswered = false;
        for (Parameter p : answer) {
            String name = p.name().toLowerCase(java.util.Locale.ROOT);
            if (!seen.add(name)) {
                throw new IllegalArgumentException("parameter " + name + " appears twice");
            }
            switch (name) {
                case SERVER_NO_CONTEXT_TAKEOVER:
                case CLIENT_NO_CONTEXT_TAKEOVER:
                    if (p.value() != null) {
                        throw new IllegalArgumentException("parameter " + name + " takes no value");
                    }
                    if (name.equals(SERVER_NO_CONTEXT_TAKEOVER)) {
                        serverNoTakeover = true;
                    } else {
                        clientNoTakeover = true;
                    }
                    break;
                case SERVER_MAX_WINDOW_BITS:
                case CLIENT_MAX_WINDOW_BITS:
                    int bits = windowBits(p.value());
                    if (bits < 0) {
                        throw new IllegalArgumentException("parameter " + name + " needs a value 8..15, not "
                                + p.value());
                    }
                    if (name.equals(SERVER_MAX_WINDOW_BITS)) {
                        serverBits = bits;
                    } else {
                        clientBits = bits;
                        clientBitsAnswered = true;
                    }
                    break;
                default:
                    throw new IllegalArgumentException("unknown parameter " + p.name());
            }
        }
        if (offers.isEmpty()) {
            throw new IllegalArgumentException("the client did not offer it");
        }
        boolean fits = false;
        boolean hinted = false;
        for (List<Parameter> offer : offers) {
            fits |= fits(offer, clientBitsAnswered, serverBits);
            hinted |= has(offer, CLIENT_NO_CONTEXT_TAKEOVER);
        }
        if (!fits) {
            throw new IllegalArgumentException(clientBitsAnswered
                    ? "client_max_window_bits answered, but no offer carried client_max_window_bits"
                    : "server_max_window_bits=" + serverBits + " is above what the offer allowed");
        }
        // an offered client_no_context_takeover is the client's promise (§7.1.1.2): keep it even if unanswered
        return new DeflateParameters(serverNoTakeover, clientNoTakeover || hinted, serverBits, clientBits, answer);
    }

    private static boolean fits(List<Parameter> offer, boolean clientBitsAnswered, int serverBits) {
        if (clientBitsAnswered && !has(offer, CLIENT_MAX_WINDOW_BITS)) {
            return false;
        }
        for (Parameter p : offer) {
            if (p.name().equalsIgnoreCase(SERVER_MAX_WINDOW_BITS)) {
                int limit = windowBits(p.value());
                return limit < 0 || serverBits <= limit;
            }
        }
        return true;
    }

    private static boolean has(List<Parameter> offer, String name) {
        for (Parameter p : offer) {
            if (p.name().equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** 8..15 written as a decimal without leading zeros (§7.1.2), else -1. */
    private static int windowBits(String value) {
        if (value == null) {
            return -1;
        }
        String v = value.trim();
        if (v.length() == 1 && v.charAt(0) >= '8' && v.charAt(0) <= '9') {
            return v.charAt(0) - '0';
        }
        if (v.length() == 2 && v.charAt(0) == '1' && v.charAt(1) >= '0' && v.charAt(1) <= '5') {
            return 10 + v.charAt(1) - '0';
        }
        return -1;
    }

    /** The parameters the server's response carries (the server side) or carried (the client side). */
    public List<Parameter> responseParameters() {
        return response;
    }

    /** Whether the server resets its compressor after each message. */
    public boolean serverNoContextTakeover() {
        return serverNoContextTakeover;
    }

    /** Whether the client resets its compressor after each message. */
    public boolean clientNoContextTakeover() {
        return clientNoContextTakeover;
    }

    /** The largest LZ77 window the server may compress with, 8..15. */
    public int serverMaxWindowBits() {
        return serverMaxWindowBits;
    }

    /** The largest LZ77 window the client may compress with, 8..15. */
    public int clientMaxWindowBits() {
        return clientMaxWindowBits;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(NAME);
        for (Parameter p : response) {
            sb.append("; ").append(p.name());
            if (p.value() != null) {
                sb.append('=').append(p.value());
            }
        }
        return sb.toString();
    }
}
