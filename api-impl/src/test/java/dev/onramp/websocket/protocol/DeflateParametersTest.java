package dev.onramp.websocket.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 7692 §7.1 negotiation rules: the server's answer to an offer, the client's check of a response. */
class DeflateParametersTest {

    /** "a; b=1" as parameters. */
    private static List<DeflateParameters.Parameter> params(String header) {
        List<DeflateParameters.Parameter> list = new ArrayList<>();
        for (String part : header.split(";")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            list.add(eq < 0 ? new DeflateParameters.Parameter(p, null)
                    : new DeflateParameters.Parameter(p.substring(0, eq), p.substring(eq + 1)));
        }
        return list;
    }

    private static String response(DeflateParameters agreed) {
        return agreed.toString();
    }

    @Test
    void anOfferWithoutParametersIsAcceptedAsIs() {
        DeflateParameters agreed = DeflateParameters.acceptOffer(List.of());
        assertThat(response(agreed)).isEqualTo("permessage-deflate");
        assertThat(agreed.serverNoContextTakeover()).isFalse();
        assertThat(agreed.clientNoContextTakeover()).isFalse();
        assertThat(agreed.serverMaxWindowBits()).isEqualTo(15);
    }

    @Test
    void contextTakeoverParametersAreAnswered() {
        DeflateParameters agreed = DeflateParameters.acceptOffer(
                params("server_no_context_takeover; client_no_context_takeover"));
        assertThat(response(agreed))
                .isEqualTo("permessage-deflate; server_no_context_takeover; client_no_context_takeover");
        assertThat(agreed.serverNoContextTakeover()).isTrue();
        assertThat(agreed.clientNoContextTakeover()).isTrue();
    }

    @Test
    void clientMaxWindowBitsNeedsNoAnswerSinceOurInflaterTakesAnyWindow() {
        assertThat(response(DeflateParameters.acceptOffer(params("client_max_window_bits"))))
                .isEqualTo("permessage-deflate");
        assertThat(response(DeflateParameters.acceptOffer(params("client_max_window_bits=10"))))
                .isEqualTo("permessage-deflate");
    }

    @Test
    void aLimitOnTheServerWindowIsAnsweredAndHonouredHuffmanOnly() {
        DeflateParameters agreed = DeflateParameters.acceptOffer(params("server_max_window_bits=9"));
        assertThat(response(agreed)).isEqualTo("permessage-deflate; server_max_window_bits=9");
        assertThat(agreed.serverMaxWindowBits()).isEqualTo(9);
        assertThat(response(DeflateParameters.acceptOffer(params("server_max_window_bits=15"))))
                .isEqualTo("permessage-deflate; server_max_window_bits=15");
    }

    @Test
    void malformedOffersAreDeclined() {
        for (String bad : List.of("unknown", "server_no_context_takeover; server_no_context_takeover",
                "server_no_context_takeover=1", "client_no_context_takeover=x", "server_max_window_bits",
                "server_max_window_bits=7", "server_max_window_bits=16", "server_max_window_bits=010",
                "server_max_window_bits=abc", "client_max_window_bits=8x", "client_max_window_bits=20")) {
            assertThat(DeflateParameters.acceptOffer(params(bad))).as(bad).isNull();
        }
    }

    @Test
    void aResponseIsCheckedAgainstTheOffers() {
        List<List<DeflateParameters.Parameter>> plain = List.of(List.of());
        DeflateParameters agreed = DeflateParameters.acceptResponse(
                params("server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10"), plain);
        assertThat(agreed.serverNoContextTakeover()).isTrue();
        assertThat(agreed.clientNoContextTakeover()).isTrue();
        assertThat(agreed.serverMaxWindowBits()).isEqualTo(10);
        assertThat(agreed.clientMaxWindowBits()).isEqualTo(15);

        DeflateParameters limited = DeflateParameters.acceptResponse(params("client_max_window_bits=9"),
                List.of(params("client_max_window_bits")));
        assertThat(limited.clientMaxWindowBits()).isEqualTo(9);
    }

    @Test
    void anOfferedNoContextTakeoverHintBindsTheClientEvenUnanswered() {
        DeflateParameters agreed = DeflateParameters.acceptResponse(List.of(),
                List.of(params("client_no_context_takeover")));
        assertThat(agreed.clientNoContextTakeover()).isTrue();
    }

    @Test
    void badResponsesAreRejectedWithAReason() {
        List<List<DeflateParameters.Parameter>> plain = List.of(List.of());
        assertThatThrownBy(() -> DeflateParameters.acceptResponse(params("client_max_window_bits=9"), plain))
                .hasMessageContaining("client_max_window_bits");
        assertThatThrownBy(() -> DeflateParameters.acceptResponse(params("client_max_window_bits"),
                List.of(params("client_max_window_bits")))).hasMessageContaining("8..15");
        assertThatThrownBy(() -> DeflateParameters.acceptResponse(params("server_max_window_bits=12"),
                List.of(params("server_max_window_bits=10")))).hasMessageContaining("server_max_window_bits=12");
        assertThatThrownBy(() -> DeflateParameters.acceptResponse(params("foo"), plain))
                .hasMessageContaining("unknown parameter foo");
        assertThatThrownBy(() -> DeflateParameters.acceptResponse(
                params("server_no_context_takeover; server_no_context_takeover"), plain))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> DeflateParameters.acceptResponse(params("server_no_context_takeover=yes"), plain))
                .hasMessageContaining("takes no value");
        assertThatThrownBy(() -> DeflateParameters.acceptResponse(List.of(), List.of()))
                .hasMessageContaining("did not offer");
    }
}
