package dev.onramp.websocket.protocol;

import static dev.onramp.websocket.protocol.FrameBuilder.fromClient;
import static dev.onramp.websocket.protocol.FrameBuilder.fromServer;
import static dev.onramp.websocket.protocol.FrameBuilder.hex;
import static dev.onramp.websocket.protocol.FrameBuilder.pattern;
import static dev.onramp.websocket.protocol.FrameBuilder.utf8;
import static dev.onramp.websocket.protocol.ParserAssertions.assertEvents;
import static dev.onramp.websocket.protocol.ParserAssertions.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** UTF-8 of text messages (1007 at the first bad byte) and message size limits (1009 from the header). */
class FrameParserUtf8AndLimitTest {
    private static final int INVALID = CloseCodes.INVALID_PAYLOAD;
    private static final int TOO_BIG = CloseCodes.MESSAGE_TOO_BIG;

    @Test
    void invalidByteInASingleFrameFailsAtThatByte() {
        // "ab" then 0xFF (never valid) then more text: the failure comes at 0xFF, not at the end of the frame
        byte[] data = fromServer().frame(Opcode.TEXT, true, hex("61 62 ff 63 64 65")).bytes();
        Chopper.Result r = assertFails(Role.CLIENT, data, INVALID);
        assertThat(r.consumed).isEqualTo(2 + 3);
    }

    @Test
    void invalidByteInAMaskedFrameFailsAtThatByte() {
        byte[] data = fromClient().frame(Opcode.TEXT, true, hex("e2 82 ac 61 ed a0 80 62 63")).bytes();
        // U+20AC, 'a', then ED A0 (a surrogate): invalid at the A0 byte (index 5 of the payload)
        assertThat(assertFails(Role.SERVER, data, INVALID).consumed).isEqualTo(2 + 4 + 6);
    }

    @Test
    void invalidByteInALaterFragmentFailsBeforeTheRestIsConsumed() {
        FrameBuilder b = fromClient().frame(Opcode.TEXT, false, utf8("valid start "))
                .frame(Opcode.CONTINUATION, false, utf8("more "));
        int before = b.size();
        byte[] data = b.frame(Opcode.CONTINUATION, true, hex("63 c3 28 64")).bytes();
        // C3 28: a lead byte followed by a non-continuation; invalid at 0x28
        assertThat(assertFails(Role.SERVER, data, INVALID).consumed).isEqualTo(before + 2 + 4 + 3);
    }

    @Test
    void aMessageEndingInsideASequenceFails() {
        byte[] data = fromServer().frame(Opcode.TEXT, false, utf8("x"))
                .frame(Opcode.CONTINUATION, true, hex("f0 9f 98")).bytes();
        assertThat(assertFails(Role.CLIENT, data, INVALID).consumed).isEqualTo(data.length);
    }

    @Test
    void aSingleFrameEndingInsideASequenceFails() {
        assertFails(Role.SERVER, fromClient().frame(Opcode.TEXT, true, hex("e2 82")).bytes(), INVALID);
    }

    @Test
    void binaryMessagesAreNotValidated() {
        assertEvents(Role.CLIENT, fromServer().binary(hex("ff fe c0")).bytes(), "BINARY:fffec0");
    }

    @Test
    void textExactlyAtTheLimitPassesAndOneOverFailsFromTheHeader() {
        byte[] atLimit = fromClient().text("x".repeat(200)).bytes();
        assertEvents(Role.SERVER, atLimit, 200, 10, List.of(), "TEXT:" + "x".repeat(200));
        byte[] over = fromClient().text("x".repeat(201)).bytes();
        Chopper.Result r = assertFails(Role.SERVER, over, 200, Long.MAX_VALUE, List.of(), TOO_BIG);
        assertThat(r.consumed).as("fails after the length, before the mask key and payload").isEqualTo(4);
    }

    @Test
    void binaryLimitIsSeparateFromTextLimit() {
        byte[] data = fromServer().binary(pattern(11)).bytes();
        assertEvents(Role.CLIENT, data, 10, 11, List.of(), "BINARY:" + HexFormat.of().formatHex(pattern(11)));
        assertThat(assertFails(Role.CLIENT, data, 11, 10, List.of(), TOO_BIG).consumed).isEqualTo(2);
    }

    @Test
    void theLimitCoversTheSumOfFragments() {
        FrameBuilder b = fromClient().frame(Opcode.BINARY, false, pattern(60))
                .frame(Opcode.PING, true, new byte[0]);
        int atThirdHeader = b.size() + 2;
        b.frame(Opcode.CONTINUATION, false, pattern(40)).frame(Opcode.CONTINUATION, true, pattern(1));
        byte[] data = b.bytes();
        assertEvents(Role.SERVER, data, 1000, 101, List.of(), "PING:",
                "BINARY:" + HexFormat.of().formatHex(pattern(60)) + HexFormat.of().formatHex(pattern(40))
                        + HexFormat.of().formatHex(pattern(1)));
        Chopper.Result r = assertFails(Role.SERVER, data, 1000, 100, List.of(), TOO_BIG);
        assertThat(r.consumed).isEqualTo(atThirdHeader + 4 + 40 + 2);
        assertThat(r.recorder.events).containsExactly("PING:");
    }

    @Test
    void aHugeDeclaredLengthFailsBeforeAnyPayloadArrives() throws Exception {
        FrameParser parser = new FrameParser(Role.CLIENT, new Recorder());
        parser.setMaxMessageSize(1 << 20, 1 << 20);
        ByteBuffer header = ByteBuffer.wrap(hex("82 7f 00 00 00 01 00 00 00 00"));
        try {
            parser.parse(header);
            throw new AssertionError("no failure");
        } catch (ProtocolException e) {
            assertThat(e.closeCode()).isEqualTo(TOO_BIG);
        }
        assertThat(header.hasRemaining()).isFalse();
    }

    @Test
    void theLimitMayChangeBetweenMessages() throws Exception {
        Recorder r = new Recorder();
        FrameParser parser = new FrameParser(Role.SERVER, r);
        parser.setMaxMessageSize(5, 5);
        parser.parse(ByteBuffer.wrap(fromClient().text("12345").bytes()));
        parser.setMaxMessageSize(3, 3);
        try {
            parser.parse(ByteBuffer.wrap(fromClient().text("1234").bytes()));
            throw new AssertionError("no failure");
        } catch (ProtocolException e) {
            assertThat(e.closeCode()).isEqualTo(TOO_BIG);
        }
        assertThat(r.events).containsExactly("TEXT:12345");
    }

    @Test
    void controlFramesDoNotCountTowardsTheLimit() {
        byte[] data = fromClient().frame(Opcode.PING, true, pattern(125)).text("ab").bytes();
        assertEvents(Role.SERVER, data, 2, 2, List.of(),
                "PING:" + HexFormat.of().formatHex(pattern(125)), "TEXT:ab");
    }
}
