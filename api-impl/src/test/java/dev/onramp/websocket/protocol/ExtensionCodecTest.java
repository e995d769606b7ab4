package dev.onramp.websocket.protocol;

import static dev.onramp.websocket.protocol.FrameBuilder.AUTO;
import static dev.onramp.websocket.protocol.FrameBuilder.fromClient;
import static dev.onramp.websocket.protocol.FrameBuilder.fromServer;
import static dev.onramp.websocket.protocol.FrameBuilder.hex;
import static dev.onramp.websocket.protocol.FrameBuilder.utf8;
import static dev.onramp.websocket.protocol.ParserAssertions.assertEvents;
import static dev.onramp.websocket.protocol.ParserAssertions.assertFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The extension hook: RSV claims and inbound decoding through a test codec. */
class ExtensionCodecTest {
    private static final int P = CloseCodes.PROTOCOL_ERROR;

    @Test
    void rsv1IsAcceptedAndTheMessageIsDecoded() {
        byte[] data = fromClient().frame(Opcode.TEXT, true, 0b100, XorCodec.xor(utf8("hello, extension")), AUTO)
                .text("plain").bytes();
        assertEvents(Role.SERVER, data, Long.MAX_VALUE, Long.MAX_VALUE, List.of(new XorCodec(false)),
                "TEXT:hello, extension", "TEXT:plain");
    }

    @Test
    void outputAfterTheLastInputByteIsDeliveredBeforeLast() {
        byte[] data = fromServer().frame(Opcode.BINARY, false, 0b100, XorCodec.xor(hex("01 02 03")), AUTO)
                .frame(Opcode.PING, true, new byte[0])
                .frame(Opcode.CONTINUATION, true, XorCodec.xor(hex("04"))).bytes();
        assertEvents(Role.CLIENT, data, Long.MAX_VALUE, Long.MAX_VALUE, List.of(new XorCodec(true)),
                "PING:", "BINARY:0102030421");
    }

    @Test
    void decodedTextIsValidatedAsUtf8() {
        byte[] data = fromClient().frame(Opcode.TEXT, true, 0b100, XorCodec.xor(hex("61 ff")), AUTO).bytes();
        assertFails(Role.SERVER, data, Long.MAX_VALUE, Long.MAX_VALUE, List.of(new XorCodec(false)),
                CloseCodes.INVALID_PAYLOAD);
    }

    @Test
    void theLimitAppliesToDecodedSize() {
        // 10 wire bytes decode to 11 (the trailer): a limit of 10 is exceeded by the decoded message
        byte[] data = fromClient().frame(Opcode.BINARY, true, 0b100, XorCodec.xor(new byte[10]), AUTO).bytes();
        assertEvents(Role.SERVER, data, 11, 11, List.of(new XorCodec(true)), "BINARY:" + "00".repeat(10) + "21");
        assertFails(Role.SERVER, data, 10, 10, List.of(new XorCodec(true)), CloseCodes.MESSAGE_TOO_BIG);
    }

    @Test
    void unclaimedRsvBitsStillFail() {
        byte[] data = fromClient().frame(Opcode.TEXT, true, 0b010, utf8("x"), AUTO).bytes();
        assertFails(Role.SERVER, data, Long.MAX_VALUE, Long.MAX_VALUE, List.of(new XorCodec(false)), P);
    }

    @Test
    void rsvOnContinuationOrControlFramesFails() {
        List<ExtensionCodec> codecs = List.of(new XorCodec(false));
        byte[] continuation = fromClient().frame(Opcode.TEXT, false, 0b100, XorCodec.xor(utf8("a")), AUTO)
                .frame(Opcode.CONTINUATION, true, 0b100, XorCodec.xor(utf8("b")), AUTO).bytes();
        assertFails(Role.SERVER, continuation, Long.MAX_VALUE, Long.MAX_VALUE, codecs, P);
        byte[] ping = fromClient().frame(Opcode.PING, true, 0b100, new byte[0], AUTO).bytes();
        assertFails(Role.SERVER, ping, Long.MAX_VALUE, Long.MAX_VALUE, codecs, P);
    }

    @Test
    void pauseInsideADecodedMessageResumesWhereItStopped() throws Exception {
        Recorder r = new Recorder();
        r.demand = false;
        FrameParser parser = new FrameParser(Role.SERVER, r);
        parser.setExtensions(List.of(new XorCodec(true)));
        byte[] payload = FrameBuilder.pattern(20);
        ByteBuffer in = ByteBuffer.wrap(fromClient().frame(Opcode.BINARY, true, 0b100, XorCodec.xor(payload), AUTO)
                .text("next").bytes());
        int rounds = 0;
        while (parser.parse(in)) {
            rounds++;
        }
        // 20 bytes in 7-byte chunks (3 pieces), the trailer, the empty last piece, then "next"
        assertThat(rounds).isEqualTo(6);
        assertThat(r.pieces).containsExactly("7F", "7", "6", "1", "0L", "4FL");
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(payload);
        expected.write('!');
        assertThat(r.events.get(0)).isEqualTo("BINARY:" + java.util.HexFormat.of().formatHex(expected.toByteArray()));
    }

    @Test
    void writerAndCodecRoundTripThroughTheParser() throws Exception {
        XorCodec outbound = new XorCodec(false);
        FrameWriter writer = new FrameWriter(Role.CLIENT);
        byte[] message = utf8("round trip through a codec \u20ac");
        int rsv = outbound.startOutbound(Opcode.TEXT);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        ByteBuffer src = ByteBuffer.wrap(message);
        boolean firstFrame = true;
        while (src.hasRemaining()) {
            ByteBuffer encoded = outbound.encode(src, true);
            boolean fin = !src.hasRemaining();
            for (ByteBuffer b : writer.frame(firstFrame ? Opcode.TEXT : Opcode.CONTINUATION, fin,
                    firstFrame ? rsv : 0, encoded)) {
                byte[] a = new byte[b.remaining()];
                b.get(a);
                wire.writeBytes(a);
            }
            firstFrame = false;
        }
        assertEvents(Role.SERVER, wire.toByteArray(), Long.MAX_VALUE, Long.MAX_VALUE,
                List.of(new XorCodec(false)), "TEXT:round trip through a codec \u20ac");
    }

    @Test
    void overlappingClaimsAreRejected() {
        FrameParser parser = new FrameParser(Role.SERVER, new Recorder());
        assertThatThrownBy(() -> parser.setExtensions(List.of(new XorCodec(false), new XorCodec(true))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
