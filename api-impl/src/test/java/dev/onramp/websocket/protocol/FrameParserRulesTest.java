package dev.onramp.websocket.protocol;

import static dev.onramp.websocket.protocol.FrameBuilder.AUTO;
import static dev.onramp.websocket.protocol.FrameBuilder.closePayload;
import static dev.onramp.websocket.protocol.FrameBuilder.fromClient;
import static dev.onramp.websocket.protocol.FrameBuilder.fromServer;
import static dev.onramp.websocket.protocol.FrameBuilder.hex;
import static dev.onramp.websocket.protocol.FrameBuilder.pattern;
import static dev.onramp.websocket.protocol.FrameBuilder.utf8;
import static dev.onramp.websocket.protocol.ParserAssertions.assertEvents;
import static dev.onramp.websocket.protocol.ParserAssertions.assertFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every RFC 6455 rule that fails the connection, with the close code and the byte at which it is detected. */
class FrameParserRulesTest {
    private static final int P = CloseCodes.PROTOCOL_ERROR;

    @ParameterizedTest
    @ValueSource(ints = {0b100, 0b010, 0b001, 0b111})
    void rsvBitsWithoutANegotiatedExtension(int rsv) {
        byte[] data = fromClient().text("ok").frame(Opcode.TEXT, true, rsv, utf8("x"), AUTO).bytes();
        Chopper.Result r = assertFails(Role.SERVER, data, P);
        assertThat(r.consumed).as("fails at the first header byte").isEqualTo(2 + 4 + 2 + 1);
        assertThat(r.recorder.events).containsExactly("TEXT:ok");
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4, 5, 6, 7, 11, 12, 13, 14, 15})
    void reservedOpcodes(int opcode) {
        byte[] data = fromServer().frame(opcode, true, new byte[0]).bytes();
        assertThat(assertFails(Role.CLIENT, data, P).consumed).isEqualTo(1);
    }

    @Test
    void unmaskedFrameFromAClient() {
        byte[] data = fromServer().text("no mask").bytes();
        assertThat(assertFails(Role.SERVER, data, P).consumed).isEqualTo(2);
    }

    @Test
    void maskedFrameFromAServer() {
        byte[] data = fromClient().frame(Opcode.PING, true, new byte[0]).bytes();
        assertThat(assertFails(Role.CLIENT, data, P).consumed).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(ints = {Opcode.PING, Opcode.PONG, Opcode.CLOSE})
    void controlFrameLongerThan125(int opcode) {
        assertFails(Role.SERVER, fromClient().frame(opcode, true, pattern(126)).bytes(), P);
        // 125 bytes in the 16-bit form is fine for a ping; 126 in that form is not
        assertFails(Role.CLIENT, fromServer().frame(opcode, true, 0, pattern(126), FrameBuilder.LEN16).bytes(), P);
    }

    @ParameterizedTest
    @ValueSource(ints = {Opcode.PING, Opcode.PONG, Opcode.CLOSE})
    void fragmentedControlFrame(int opcode) {
        byte[] data = fromClient().frame(opcode, false, utf8("x")).bytes();
        assertThat(assertFails(Role.SERVER, data, P).consumed).isEqualTo(1);
    }

    @Test
    void continuationWithoutAStart() {
        byte[] data = fromClient().text("whole").frame(Opcode.CONTINUATION, true, utf8("orphan")).bytes();
        Chopper.Result r = assertFails(Role.SERVER, data, P);
        assertThat(r.recorder.events).containsExactly("TEXT:whole");
    }

    @ParameterizedTest
    @ValueSource(ints = {Opcode.TEXT, Opcode.BINARY})
    void newDataFrameInsideAFragmentedMessage(int opcode) {
        byte[] data = fromServer().frame(Opcode.BINARY, false, utf8("a"))
                .frame(Opcode.PING, true, new byte[0])
                .frame(opcode, true, utf8("b")).bytes();
        Chopper.Result r = assertFails(Role.CLIENT, data, P);
        assertThat(r.recorder.events).containsExactly("PING:");
        assertThat(r.consumed).isEqualTo(3 + 2 + 1);
    }

    @Test
    void sixtyFourBitLengthWithTheTopBitSet() {
        byte[] data = fromServer().raw("82 7f 80 00 00 00 00 00 00 01").bytes();
        assertThat(assertFails(Role.CLIENT, data, P).consumed).isEqualTo(10);
    }

    @Test
    void largestLegalSixtyFourBitLengthIsAcceptedAsAHeader() throws Exception {
        Recorder r = new Recorder();
        FrameParser parser = new FrameParser(Role.CLIENT, r);
        assertThat(parser.parse(ByteBuffer.wrap(hex("82 7f 7f ff ff ff ff ff ff ff 01 02")))).isFalse();
        assertThat(r.pieces).containsExactly("2F");
    }

    @Test
    void aDeadParserThrowsTheSameExceptionAgain() throws Exception {
        FrameParser parser = new FrameParser(Role.SERVER, new Recorder());
        ProtocolException first = null;
        try {
            parser.parse(ByteBuffer.wrap(hex("83 80")));
        } catch (ProtocolException e) {
            first = e;
        }
        assertThat(first).isNotNull();
        ProtocolException firstFinal = first;
        ByteBuffer fine = ByteBuffer.wrap(fromClient().text("fine").bytes());
        assertThatThrownBy(() -> parser.parse(fine)).isSameAs(firstFinal);
        assertThat(fine.position()).isZero();
    }

    // ---- close frames ----

    @Test
    void closeWithoutPayloadReports1005() {
        assertEvents(Role.SERVER, fromClient().frame(Opcode.CLOSE, true, new byte[0]).bytes(), "CLOSE:1005:");
    }

    @Test
    void closeWithCodeOnlyAndWithReason() {
        assertEvents(Role.CLIENT, fromServer().frame(Opcode.CLOSE, true, hex("03 e8")).bytes(), "CLOSE:1000:");
        byte[] reason = utf8("bye \u00e9\u20ac");
        assertEvents(Role.SERVER, fromClient().frame(Opcode.CLOSE, true, closePayload(4999, reason)).bytes(),
                "CLOSE:4999:bye \u00e9\u20ac");
    }

    @Test
    void closeWithAOneBytePayload() {
        assertFails(Role.SERVER, fromClient().frame(Opcode.CLOSE, true, hex("03")).bytes(), P);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535})
    void closeWithACodeThatMayNotBeSent(int code) {
        assertFails(Role.SERVER, fromClient().frame(Opcode.CLOSE, true, closePayload(code, new byte[0])).bytes(), P);
        assertFails(Role.CLIENT, fromServer().frame(Opcode.CLOSE, true, closePayload(code, utf8("r"))).bytes(), P);
    }

    @ParameterizedTest
    @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000,
            4999})
    void closeWithACodeThatMaybeSent(int code) {
        assertEvents(Role.SERVER, fromClient().frame(Opcode.CLOSE, true, closePayload(code, utf8("r"))).bytes(),
                "CLOSE:" + code + ":r");
    }

    @Test
    void closeReasonWithInvalidUtf8() {
        byte[] data = fromClient().frame(Opcode.CLOSE, true, closePayload(1000, hex("61 ce"))).bytes();
        assertFails(Role.SERVER, data, CloseCodes.INVALID_PAYLOAD);
        byte[] overlong = fromServer().frame(Opcode.CLOSE, true, closePayload(1000, hex("c0 80"))).bytes();
        assertFails(Role.CLIENT, overlong, CloseCodes.INVALID_PAYLOAD);
    }
}
