package dev.onramp.websocket.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onramp.websocket.protocol.CloseHandshake.Initiator;
import dev.onramp.websocket.protocol.CloseHandshake.State;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CloseHandshakeTest {

    @Test
    void startsOpen() {
        CloseHandshake h = new CloseHandshake(Role.SERVER);
        assertThat(h.state()).isEqualTo(State.OPEN);
        assertThat(h.initiator()).isEqualTo(Initiator.NONE);
        assertThat(h.canSendData()).isTrue();
        assertThat(h.shouldDeliverData()).isTrue();
        assertThat(h.mustReply()).isFalse();
        assertThat(h.isComplete()).isFalse();
        assertThat(h.shouldDropConnection()).isFalse();
    }

    @Test
    void weInitiateThenThePeerAnswers() {
        CloseHandshake h = new CloseHandshake(Role.SERVER);
        assertThat(hex(h.sendClose(1000, "bye"))).isEqualTo("03e8627965");
        assertThat(h.state()).isEqualTo(State.CLOSE_SENT);
        assertThat(h.initiator()).isEqualTo(Initiator.LOCAL);
        assertThat(h.canSendData()).isFalse();
        assertThat(h.shouldDeliverData()).as("data after our close is discarded").isFalse();
        assertThat(h.sendClose(1001, "again")).as("only one close frame goes out").isNull();
        assertThat(h.onCloseReceived(1000, "ok")).as("no reply owed").isFalse();
        assertThat(h.state()).isEqualTo(State.CLOSED);
        assertThat(h.isComplete()).isTrue();
        assertThat(h.isClean()).isTrue();
        assertThat(h.shouldDropConnection()).as("the server drops TCP").isTrue();
        assertThat(h.receivedCode()).isEqualTo(1000);
        assertThat(h.receivedReason()).isEqualTo("ok");
        assertThat(h.sentCode()).isEqualTo(1000);
    }

    @Test
    void peerInitiatesAndWeEchoItsCode() {
        CloseHandshake h = new CloseHandshake(Role.CLIENT);
        assertThat(h.onCloseReceived(4001, "custom")).isTrue();
        assertThat(h.state()).isEqualTo(State.CLOSE_RECEIVED);
        assertThat(h.initiator()).isEqualTo(Initiator.REMOTE);
        assertThat(h.mustReply()).isTrue();
        assertThat(h.canSendData()).as("we may still send before replying").isTrue();
        assertThat(h.shouldDeliverData()).isFalse();
        assertThat(hex(h.sendClose(1000, "ignored"))).as("echo of the peer's code").isEqualTo("0fa1");
        assertThat(h.state()).isEqualTo(State.CLOSED);
        assertThat(h.canSendData()).isFalse();
        assertThat(h.isClean()).isTrue();
        assertThat(h.shouldDropConnection()).as("the client waits for the server to drop TCP").isFalse();
        assertThat(h.sentCode()).isEqualTo(4001);
    }

    @Test
    void peerCloseWithoutCodeIsAnsweredWithAnEmptyPayload() {
        CloseHandshake h = new CloseHandshake(Role.SERVER);
        assertThat(h.onCloseReceived(CloseCodes.NO_STATUS_CODE, "")).isTrue();
        ByteBuffer reply = h.sendClose(1000, "");
        assertThat(reply.remaining()).as("1005 is never put on the wire").isZero();
        assertThat(h.shouldDropConnection()).isTrue();
    }

    @Test
    void weMayCloseWithoutACode() {
        CloseHandshake h = new CloseHandshake(Role.CLIENT);
        assertThat(h.sendClose(CloseCodes.NO_STATUS_CODE, null).remaining()).isZero();
        assertThat(h.state()).isEqualTo(State.CLOSE_SENT);
    }

    @Test
    void anInvalidCodeIsRefusedWithoutChangingState() {
        CloseHandshake h = new CloseHandshake(Role.SERVER);
        assertThatThrownBy(() -> h.sendClose(1006, "")).isInstanceOf(IllegalArgumentException.class);
        assertThat(h.state()).isEqualTo(State.OPEN);
    }

    @Test
    void aDuplicateCloseIsIgnored() {
        CloseHandshake h = new CloseHandshake(Role.SERVER);
        h.onCloseReceived(1000, "");
        assertThat(h.onCloseReceived(1001, "again")).isFalse();
        assertThat(h.receivedCode()).isEqualTo(1000);
        h.sendClose(1000, "");
        assertThat(h.onCloseReceived(1002, "late")).isFalse();
        assertThat(h.state()).isEqualTo(State.CLOSED);
    }

    @Test
    void failSendsTheCodeAndEndsAtOnceForBothRoles() {
        CloseHandshake client = new CloseHandshake(Role.CLIENT);
        assertThat(hex(client.fail(CloseCodes.PROTOCOL_ERROR))).isEqualTo("03ea");
        assertThat(client.isComplete()).isTrue();
        assertThat(client.isClean()).isFalse();
        assertThat(client.shouldDropConnection()).isTrue();
        assertThat(client.initiator()).isEqualTo(Initiator.LOCAL);

        CloseHandshake afterOurClose = new CloseHandshake(Role.SERVER);
        afterOurClose.sendClose(1000, "");
        assertThat(afterOurClose.fail(CloseCodes.INVALID_PAYLOAD)).as("our close already went out").isNull();
        assertThat(afterOurClose.shouldDropConnection()).isTrue();
    }

    @Test
    void closeTimeoutIsAbnormalWhileThePeerHasNotAnswered() {
        CloseHandshake h = new CloseHandshake(Role.SERVER);
        h.sendClose(1000, "");
        assertThat(h.onCloseTimeout()).isTrue();
        assertThat(h.isComplete()).isTrue();
        assertThat(h.isClean()).isFalse();
        assertThat(h.receivedCode()).isEqualTo(CloseCodes.CLOSED_ABNORMALLY);

        CloseHandshake client = new CloseHandshake(Role.CLIENT);
        client.sendClose(1000, "");
        client.onCloseReceived(1000, "");
        assertThat(client.onCloseTimeout()).as("handshake done; only TCP was pending").isFalse();
    }

    @Test
    void connectionLossBeforeTheHandshakeIsAbnormal() {
        CloseHandshake h = new CloseHandshake(Role.SERVER);
        assertThat(h.onConnectionLost()).isTrue();
        assertThat(h.isComplete()).isTrue();
        assertThat(h.canSendData()).isFalse();
        CloseHandshake done = new CloseHandshake(Role.CLIENT);
        done.onCloseReceived(1000, "");
        done.sendClose(1000, "");
        assertThat(done.onConnectionLost()).isFalse();
    }

    private static String hex(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return HexFormat.of().formatHex(a);
    }
}
