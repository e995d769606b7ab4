package dev.onramp.websocket.protocol;

import static dev.onramp.websocket.protocol.FrameBuilder.AUTO;
import static dev.onramp.websocket.protocol.FrameBuilder.LEN16;
import static dev.onramp.websocket.protocol.FrameBuilder.LEN64;
import static dev.onramp.websocket.protocol.FrameBuilder.fromClient;
import static dev.onramp.websocket.protocol.FrameBuilder.fromServer;
import static dev.onramp.websocket.protocol.FrameBuilder.hex;
import static dev.onramp.websocket.protocol.FrameBuilder.pattern;
import static dev.onramp.websocket.protocol.FrameBuilder.utf8;
import static dev.onramp.websocket.protocol.ParserAssertions.assertEvents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Well-formed input: messages, length forms, fragmentation, interleaved control frames, backpressure. */
class FrameParserTest {

    @Test
    void unmaskedTextFromServerAtClient_rfcExample() {
        // RFC 6455 §5.7: a single-frame unmasked text message
        assertEvents(Role.CLIENT, hex("81 05 48 65 6c 6c 6f"), "TEXT:Hello");
    }

    @Test
    void maskedTextFromClientAtServer_rfcExample() {
        // RFC 6455 §5.7: a single-frame masked text message
        assertEvents(Role.SERVER, hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"), "TEXT:Hello");
    }

    @Test
    void fragmentedUnmaskedText_rfcExample() {
        assertEvents(Role.CLIENT, hex("01 03 48 65 6c 80 02 6c 6f"), "TEXT:Hello");
    }

    @Test
    void unmaskedPingAndPong_rfcExample() {
        assertEvents(Role.CLIENT, hex("89 05 48 65 6c 6c 6f 8a 05 48 65 6c 6c 6f"),
                "PING:48656c6c6f", "PONG:48656c6c6f");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 127, 65535, 65536, 70000})
    void everyLengthFormAtServerAndClient(int length) {
        byte[] payload = pattern(length);
        String expected = "BINARY:" + HexFormat.of().formatHex(payload);
        assertEvents(Role.SERVER, fromClient().binary(payload).bytes(), expected);
        assertEvents(Role.CLIENT, fromServer().binary(payload).bytes(), expected);
    }

    @Test
    void lengthFormsAtTheBoundariesHaveTheExpectedHeaders() {
        assertThat(fromServer().binary(pattern(125)).size()).isEqualTo(2 + 125);
        assertThat(fromServer().binary(pattern(126)).size()).isEqualTo(4 + 126);
        assertThat(fromServer().binary(pattern(65535)).size()).isEqualTo(4 + 65535);
        assertThat(fromServer().binary(pattern(65536)).size()).isEqualTo(10 + 65536);
    }

    @ParameterizedTest
    @ValueSource(ints = {LEN16, LEN64})
    void nonMinimalLengthFormsAreAccepted(int form) {
        byte[] data = fromClient().frame(Opcode.TEXT, true, 0, utf8("hi"), form)
                .frame(Opcode.PING, true, 0, utf8("p"), form).bytes();
        assertEvents(Role.SERVER, data, "TEXT:hi", "PING:70");
    }

    @Test
    void manyFramesInOneBuffer() {
        FrameBuilder b = fromClient();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            b.text("message " + i);
            expected.add("TEXT:message " + i);
            if (i % 7 == 0) {
                b.frame(Opcode.PING, true, utf8("" + i));
                expected.add("PING:" + HexFormat.of().formatHex(utf8("" + i)));
            }
        }
        b.frame(Opcode.CLOSE, true, FrameBuilder.closePayload(1000, utf8("done")));
        expected.add("CLOSE:1000:done");
        assertEvents(Role.SERVER, b.bytes(), expected.toArray(new String[0]));
    }

    @Test
    void controlFramesInsideAFragmentedMessageAreDeliveredInOrder() {
        byte[] data = fromClient()
                .frame(Opcode.BINARY, false, hex("01 02"))
                .frame(Opcode.PING, true, utf8("a"))
                .frame(Opcode.CONTINUATION, false, hex("03"))
                .frame(Opcode.PONG, true, new byte[0])
                .frame(Opcode.CONTINUATION, false, new byte[0])
                .frame(Opcode.PING, true, pattern(125))
                .frame(Opcode.CONTINUATION, true, hex("04"))
                .text("after").bytes();
        assertEvents(Role.SERVER, data, "PING:61", "PONG:",
                "PING:" + HexFormat.of().formatHex(pattern(125)), "BINARY:01020304", "TEXT:after");
    }

    @Test
    void closeInsideAFragmentedMessageIsDelivered() {
        byte[] data = fromServer().frame(Opcode.TEXT, false, utf8("par"))
                .frame(Opcode.CLOSE, true, FrameBuilder.closePayload(1001, new byte[0])).bytes();
        assertEvents(Role.CLIENT, data, "CLOSE:1001:");
    }

    @Test
    void emptyMessagesGiveOneEmptyLastPiece() {
        Recorder r = parseWhole(Role.SERVER, fromClient().text("").frame(Opcode.BINARY, false, new byte[0])
                .frame(Opcode.CONTINUATION, true, new byte[0]).bytes());
        assertThat(r.events).containsExactly("TEXT:", "BINARY:");
        assertThat(r.pieces).containsExactly("0FL", "0FL");
    }

    @Test
    void piecesFollowFramesAndCarryFirstAndLast() {
        Recorder r = parseWhole(Role.CLIENT, fromServer().frame(Opcode.TEXT, false, utf8("ab"))
                .frame(Opcode.CONTINUATION, false, utf8("c"))
                .frame(Opcode.CONTINUATION, true, utf8("de")).bytes());
        assertThat(r.pieces).containsExactly("2F", "1", "2L");
        assertThat(r.events).containsExactly("TEXT:abcde");
    }

    @Test
    void dataIsDeliveredAsItArrivesWithoutWaitingForTheWholeFrame() throws Exception {
        Recorder r = new Recorder();
        FrameParser parser = new FrameParser(Role.SERVER, r);
        byte[] data = fromClient().binary(pattern(1000)).bytes();
        assertThat(parser.parse(ByteBuffer.wrap(data, 0, 4 + 4 + 300))).isFalse();
        assertThat(r.pieces).containsExactly("300F");
        assertThat(parser.parse(ByteBuffer.wrap(data, 308, data.length - 308))).isFalse();
        assertThat(r.pieces).containsExactly("300F", "700L");
        assertThat(r.events).containsExactly("BINARY:" + HexFormat.of().formatHex(pattern(1000)));
    }

    @Test
    void inFragmentedMessageIsTrueBetweenFirstAndLastFrame() throws Exception {
        List<Boolean> seen = new ArrayList<>();
        FrameParser[] holder = new FrameParser[1];
        FrameListener listener = new Recorder() {
            @Override
            public boolean onMessageData(int opcode, ByteBuffer payload, boolean first, boolean last) {
                seen.add(holder[0].inFragmentedMessage());
                return true;
            }

            @Override
            public void onPing(ByteBuffer payload) {
                seen.add(holder[0].inFragmentedMessage());
            }
        };
        FrameParser parser = new FrameParser(Role.CLIENT, listener);
        holder[0] = parser;
        assertThat(parser.inFragmentedMessage()).isFalse();
        parser.parse(ByteBuffer.wrap(fromServer().text("x").frame(Opcode.TEXT, false, utf8("a"))
                .frame(Opcode.PING, true, new byte[0]).frame(Opcode.CONTINUATION, true, utf8("b")).bytes()));
        assertThat(seen).containsExactly(false, true, true, false);
        assertThat(parser.inFragmentedMessage()).isFalse();
        parser.parse(ByteBuffer.wrap(fromServer().frame(Opcode.BINARY, false, new byte[0]).bytes()));
        assertThat(parser.inFragmentedMessage()).isTrue();
    }

    @Test
    void pauseStopsRightAfterThePieceAndResumeContinues() throws Exception {
        Recorder r = new Recorder();
        r.demand = false;
        FrameParser parser = new FrameParser(Role.SERVER, r);
        FrameBuilder b = fromClient().text("one");
        int firstFrameEnd = b.size();
        b.frame(Opcode.PING, true, utf8("p")).text("two");
        int secondFrameEnd = b.size();
        b.text("three");
        ByteBuffer in = ByteBuffer.wrap(b.bytes());

        assertThat(parser.parse(in)).isTrue();
        assertThat(in.position()).isEqualTo(firstFrameEnd);
        assertThat(r.events).containsExactly("TEXT:one");

        assertThat(parser.parse(in)).isTrue();
        assertThat(in.position()).isEqualTo(secondFrameEnd);
        assertThat(r.events).containsExactly("TEXT:one", "PING:70", "TEXT:two");

        r.demand = true;
        assertThat(parser.parse(in)).isFalse();
        assertThat(in.hasRemaining()).isFalse();
        assertThat(r.events).containsExactly("TEXT:one", "PING:70", "TEXT:two", "TEXT:three");
    }

    /** Issue 12 item 7: a pong the listener cannot take yet stops parsing right after its frame, like a message. */
    @Test
    void aPongListenerThatPausesStopsParsingRightAfterThePong() throws Exception {
        Recorder r = new Recorder();
        r.pongDemand = false;
        FrameParser parser = new FrameParser(Role.SERVER, r);
        FrameBuilder b = fromClient().frame(Opcode.PONG, true, utf8("a"));
        int firstPongEnd = b.size();
        b.frame(Opcode.PONG, true, utf8("b")).text("after");
        ByteBuffer in = ByteBuffer.wrap(b.bytes());

        assertThat(parser.parse(in)).isTrue();
        assertThat(in.position()).isEqualTo(firstPongEnd);
        assertThat(r.events).containsExactly("PONG:61");

        r.pongDemand = true;
        assertThat(parser.parse(in)).isFalse();
        assertThat(r.events).containsExactly("PONG:61", "PONG:62", "TEXT:after");
    }

    @Test
    void pauseInsideAFramePiece() throws Exception {
        Recorder r = new Recorder();
        r.demand = false;
        FrameParser parser = new FrameParser(Role.CLIENT, r);
        byte[] data = fromServer().binary(pattern(10)).bytes();
        ByteBuffer firstHalf = ByteBuffer.wrap(data, 0, 7);
        assertThat(parser.parse(firstHalf)).isTrue();
        assertThat(firstHalf.hasRemaining()).isFalse();
        assertThat(parser.parse(firstHalf)).isFalse();
        assertThat(parser.parse(ByteBuffer.wrap(data, 7, data.length - 7))).isTrue();
        assertThat(r.pieces).containsExactly("5F", "5L");
    }

    @Test
    void aPausedPieceStaysValidUntilTheNextParseCall() throws Exception {
        ByteBuffer[] held = new ByteBuffer[1];
        FrameParser parser = new FrameParser(Role.SERVER, new Recorder() {
            @Override
            public boolean onMessageData(int opcode, ByteBuffer payload, boolean first, boolean last) {
                held[0] = payload;
                return false;
            }
        });
        ByteBuffer in = ByteBuffer.wrap(fromClient().text("first").text("second").bytes());
        assertThat(parser.parse(in)).isTrue();
        ByteBuffer piece = held[0];
        assertThat(new String(bytesOf(piece), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("first");
        // Documented contract: the view object is reused by the next piece, so slice() keeps it.
        ByteBuffer kept = piece.slice();
        assertThat(parser.parse(in)).isTrue();
        assertThat(new String(bytesOf(held[0]), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("second");
        assertThat(new String(bytesOf(kept), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("first");
    }

    @Test
    void pongWithoutPingIsFine() {
        assertEvents(Role.SERVER, fromClient().frame(Opcode.PONG, true, utf8("unsolicited")).bytes(),
                "PONG:" + HexFormat.of().formatHex(utf8("unsolicited")));
    }

    @Test
    void splitCodePointAcrossFragmentsIsValid() {
        byte[] euro = utf8("\u20ac\ud83d\ude00");
        byte[] data = fromClient().frame(Opcode.TEXT, false, new byte[] {euro[0]})
                .frame(Opcode.CONTINUATION, false, new byte[] {euro[1], euro[2], euro[3], euro[4]})
                .frame(Opcode.CONTINUATION, true, new byte[] {euro[5], euro[6]}).bytes();
        assertEvents(Role.SERVER, data, "TEXT:\u20ac\ud83d\ude00");
    }

    @Test
    void parsingNullListenerOrRoleIsRejected() {
        assertThatThrownBy(() -> new FrameParser(null, new Recorder())).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new FrameParser(Role.SERVER, null)).isInstanceOf(NullPointerException.class);
        assertThat(AUTO).isZero();
    }

    static Recorder parseWhole(Role role, byte[] data) {
        Recorder r = new Recorder();
        try {
            new FrameParser(role, r).parse(ByteBuffer.wrap(data));
        } catch (ProtocolException e) {
            throw new AssertionError(e);
        }
        return r;
    }

    static byte[] bytesOf(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }
}
