package dev.onramp.websocket.protocol;

import static dev.onramp.websocket.protocol.FrameBuilder.AUTO;
import static dev.onramp.websocket.protocol.FrameBuilder.fromClient;
import static dev.onramp.websocket.protocol.FrameBuilder.fromServer;
import static dev.onramp.websocket.protocol.FrameBuilder.hex;
import static dev.onramp.websocket.protocol.FrameBuilder.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/** permessage-deflate on the wire: the examples of RFC 7692 §7.2.3 as bytes, both directions, limits and errors. */
class PerMessageDeflateTest {
    private static final DeflateParameters DEFAULTS = DeflateParameters.defaults();

    private static Supplier<List<ExtensionCodec>> deflate(Role role, DeflateParameters agreed) {
        return () -> List.of(new PerMessageDeflate(role, agreed));
    }

    /** Feeds the bytes with every chopping, each time to a fresh parser and a fresh codec (the codec has state). */
    private static void assertEvents(Role role, byte[] data, long limit, Supplier<List<ExtensionCodec>> codecs,
            String... expected) {
        for (Chopper chopper : Chopper.all()) {
            Chopper.Result r = chopper.feed(role, data, limit, limit, codecs.get());
            assertThat(r.error).as("unexpected failure with %s", chopper).isNull();
            assertThat(r.recorder.events).as("events with %s", chopper).containsExactly(expected);
        }
    }

    private static Chopper.Result assertFails(Role role, byte[] data, long limit,
            Supplier<List<ExtensionCodec>> codecs, int closeCode) {
        Chopper.Result last = null;
        for (Chopper chopper : Chopper.all()) {
            Chopper.Result r = chopper.feed(role, data, limit, limit, codecs.get());
            assertThat(r.error).as("expected close code %d with %s", closeCode, chopper).isNotNull();
            assertThat(r.error.closeCode()).as("close code with %s (%s)", chopper, r.error.getMessage())
                    .isEqualTo(closeCode);
            last = r;
        }
        return last;
    }

    // ---- RFC 7692 §7.2.3 examples, received

    @Test
    void helloInOneCompressedFrame() { // §7.2.3.1
        byte[] data = hex("c1 07 f2 48 cd c9 c9 07 00");
        assertEvents(Role.CLIENT, data, Long.MAX_VALUE, deflate(Role.CLIENT, DEFAULTS), "TEXT:Hello");
        byte[] masked = fromClient().frame(Opcode.TEXT, true, 0b100, hex("f2 48 cd c9 c9 07 00"), AUTO).bytes();
        assertEvents(Role.SERVER, masked, Long.MAX_VALUE, deflate(Role.SERVER, DEFAULTS), "TEXT:Hello");
    }

    @Test
    void helloInTwoFragments() { // §7.2.3.1: RSV1 on the first frame only
        byte[] data = hex("41 03 f2 48 cd 80 04 c9 c9 07 00");
        assertEvents(Role.CLIENT, data, Long.MAX_VALUE, deflate(Role.CLIENT, DEFAULTS), "TEXT:Hello");
    }

    @Test
    void contextTakeoverAcrossMessages() { // §7.2.3.2: the second "Hello" refers back into the first
        byte[] data = hex("c1 07 f2 48 cd c9 c9 07 00 c1 05 f2 00 11 00 00");
        assertEvents(Role.CLIENT, data, Long.MAX_VALUE, deflate(Role.CLIENT, DEFAULTS), "TEXT:Hello", "TEXT:Hello");
    }

    @Test
    void uncompressedBlock() { // §7.2.3.3: a stored block
        byte[] data = hex("c1 0b 00 05 00 fa ff 48 65 6c 6c 6f 00");
        assertEvents(Role.CLIENT, data, Long.MAX_VALUE, deflate(Role.CLIENT, DEFAULTS), "TEXT:Hello");
    }

    @Test
    void moreThanOneBlock() { // §7.2.3.4
        byte[] data = hex("c1 0d f2 48 05 00 00 00 ff ff ca c9 c9 07 00");
        assertEvents(Role.CLIENT, data, Long.MAX_VALUE, deflate(Role.CLIENT, DEFAULTS), "TEXT:Hello");
    }

    @Test
    void blockWithBfinalEndsTheStreamAndTheNextMessageStartsAfresh() { // §7.2.3.5
        byte[] data = hex("c1 08 f3 48 cd c9 c9 07 00 00 c1 07 f2 48 cd c9 c9 07 00");
        assertEvents(Role.CLIENT, data, Long.MAX_VALUE, deflate(Role.CLIENT, DEFAULTS), "TEXT:Hello", "TEXT:Hello");
    }

    @Test
    void uncompressedMessagesStillPass() {
        byte[] data = hex("81 05 48 65 6c 6c 6f c1 07 f2 48 cd c9 c9 07 00 82 01 2a");
        assertEvents(Role.CLIENT, data, Long.MAX_VALUE, deflate(Role.CLIENT, DEFAULTS),
                "TEXT:Hello", "TEXT:Hello", "BINARY:2a");
    }

    @Test
    void emptyCompressedMessage() { // §7.2.3.6: a single 0x00
        byte[] data = hex("c2 01 00 c1 07 f2 48 cd c9 c9 07 00");
        assertEvents(Role.CLIENT, data, Long.MAX_VALUE, deflate(Role.CLIENT, DEFAULTS), "BINARY:", "TEXT:Hello");
    }

    // ---- sent

    @Test
    void helloIsCompressedAsTheRfcShowsWithContextTakeover() {
        PerMessageDeflate codec = new PerMessageDeflate(Role.SERVER, DEFAULTS);
        assertThat(encodeMessage(codec, "Hello")).isEqualTo("f248cdc9c90700");
        assertThat(encodeMessage(codec, "Hello")).isEqualTo("f200110000");
    }

    @Test
    void noContextTakeoverCompressesEachMessageOnItsOwn() {
        DeflateParameters agreed = DeflateParameters.acceptOffer(
                List.of(new DeflateParameters.Parameter("server_no_context_takeover", null)));
        PerMessageDeflate server = new PerMessageDeflate(Role.SERVER, agreed);
        assertThat(encodeMessage(server, "Hello")).isEqualTo("f248cdc9c90700");
        assertThat(encodeMessage(server, "Hello")).isEqualTo("f248cdc9c90700");
        // the client keeps its context: only the server promised to reset
        PerMessageDeflate client = new PerMessageDeflate(Role.CLIENT, agreed);
        assertThat(encodeMessage(client, "Hello")).isEqualTo("f248cdc9c90700");
        assertThat(encodeMessage(client, "Hello")).isEqualTo("f200110000");
    }

    @Test
    void aDroppedMessageIsForgottenSoTheNextOneDoesNotReferToIt() {
        PerMessageDeflate codec = new PerMessageDeflate(Role.SERVER, DEFAULTS);
        assertThat(encodeMessage(codec, "Hello")).isEqualTo("f248cdc9c90700");
        codec.outboundDropped(); // the queue refused that frame: the peer never saw "Hello"
        assertThat(encodeMessage(codec, "Hello")).isEqualTo("f248cdc9c90700");
        assertThat(encodeMessage(codec, "Hello")).isEqualTo("f200110000");
    }

    @Test
    void emptyMessageIsASingleZeroByte() {
        PerMessageDeflate codec = new PerMessageDeflate(Role.SERVER, DEFAULTS);
        assertThat(encodeMessage(codec, "")).isEqualTo("00");
        assertThat(encodeMessage(codec, "Hello")).isNotEmpty();
        assertThat(encodeMessage(codec, "")).isEqualTo("00");
    }

    @Test
    void fragmentsAreFlushedAndAnEmptyLastFragmentStillClosesTheMessage() {
        PerMessageDeflate sender = new PerMessageDeflate(Role.SERVER, DEFAULTS);
        FrameBuilder wire = fromServer();
        int rsv = sender.startOutbound(Opcode.TEXT);
        byte[] first = encode(sender, utf8("Hello, "), false);
        // a non-final fragment carries its data, flushed: it ends with the sync marker
        assertThat(HexFormat.of().formatHex(first)).endsWith("0000ffff");
        wire.frame(Opcode.TEXT, false, rsv, first, AUTO);
        wire.frame(Opcode.CONTINUATION, false, 0, encode(sender, utf8("world"), false), AUTO);
        wire.frame(Opcode.CONTINUATION, true, 0, encode(sender, new byte[0], true), AUTO);
        sender.startOutbound(Opcode.TEXT);
        wire.frame(Opcode.TEXT, true, 0b100, encode(sender, utf8("again"), true), AUTO);
        assertEvents(Role.CLIENT, wire.bytes(), Long.MAX_VALUE, deflate(Role.CLIENT, DEFAULTS),
                "TEXT:Hello, world", "TEXT:again");
    }

    @Test
    void largeMessagesRoundTripThroughTheParserInAnyChopping() {
        PerMessageDeflate sender = new PerMessageDeflate(Role.CLIENT, DEFAULTS);
        StringBuilder text = new StringBuilder();
        Random random = new Random(7);
        while (text.length() < 200_000) {
            text.append("word").append(random.nextInt(5000)).append(random.nextBoolean() ? " " : "\u00e9\u20ac ");
        }
        byte[] binary = new byte[70_000];
        random.nextBytes(binary); // incompressible: the output is a little larger than the input
        FrameBuilder wire = fromClient();
        for (int i = 0; i < 3; i++) {
            wire.frame(Opcode.TEXT, true, sender.startOutbound(Opcode.TEXT),
                    encode(sender, utf8(text.toString()), true), AUTO);
            wire.frame(Opcode.BINARY, true, sender.startOutbound(Opcode.BINARY), encode(sender, binary, true), AUTO);
        }
        String t = "TEXT:" + text;
        String b = "BINARY:" + HexFormat.of().formatHex(binary);
        assertEvents(Role.SERVER, wire.bytes(), Long.MAX_VALUE, deflate(Role.SERVER, DEFAULTS), t, b, t, b, t, b);
    }

    @Test
    void huffmanOnlyWhenThePeerLimitsOurWindow() {
        DeflateParameters small = DeflateParameters.acceptOffer(
                List.of(new DeflateParameters.Parameter("server_max_window_bits", "9")));
        byte[] repetitive = utf8("abcdefgh".repeat(4096));
        byte[] lz77 = encode(started(new PerMessageDeflate(Role.SERVER, DEFAULTS)), repetitive, true);
        byte[] huffman = encode(started(new PerMessageDeflate(Role.SERVER, small)), repetitive, true);
        assertThat(lz77.length).isLessThan(200);
        // without back-references every byte costs at least one bit
        assertThat(huffman.length).isGreaterThan(repetitive.length / 8);
        byte[] frames = fromServer().frame(Opcode.TEXT, true, 0b100, huffman, AUTO).bytes();
        assertEvents(Role.CLIENT, frames, Long.MAX_VALUE, deflate(Role.CLIENT, small),
                "TEXT:" + "abcdefgh".repeat(4096));
    }

    // ---- limits and errors

    @Test
    void zipBombHits1009WithoutInflatingMuchPastTheLimit() {
        byte[] bomb = new byte[20 * 1024 * 1024]; // zeros: 20 MiB deflate to about 20 KiB
        byte[] compressed = encode(started(new PerMessageDeflate(Role.CLIENT, DEFAULTS)), bomb, true);
        assertThat(compressed.length).isLessThan(64 * 1024);
        byte[] data = fromClient().frame(Opcode.BINARY, true, 0b100, compressed, AUTO).bytes();
        long limit = 100_000;
        Chopper.Result r = assertFails(Role.SERVER, data, limit, deflate(Role.SERVER, DEFAULTS),
                CloseCodes.MESSAGE_TOO_BIG);
        assertThat(r.recorder.largestMessage).isLessThanOrEqualTo(limit);
        // the limit counts inflated bytes: the same message passes with room for it
        assertEvents(Role.SERVER, fromClient().frame(Opcode.TEXT, true, 0b100,
                encode(started(new PerMessageDeflate(Role.CLIENT, DEFAULTS)), new byte[1000], true), AUTO).bytes(),
                1000, deflate(Role.SERVER, DEFAULTS), "TEXT:" + "\0".repeat(1000));
        assertFails(Role.SERVER, fromClient().frame(Opcode.TEXT, true, 0b100,
                encode(started(new PerMessageDeflate(Role.CLIENT, DEFAULTS)), new byte[1000], true), AUTO).bytes(),
                999, deflate(Role.SERVER, DEFAULTS), CloseCodes.MESSAGE_TOO_BIG);
    }

    @Test
    void rsv1OnAControlFrameIs1002() {
        byte[] ping = fromClient().frame(Opcode.PING, true, 0b100, utf8("x"), AUTO).bytes();
        assertFails(Role.SERVER, ping, Long.MAX_VALUE, deflate(Role.SERVER, DEFAULTS), CloseCodes.PROTOCOL_ERROR);
        byte[] close = fromServer().frame(Opcode.CLOSE, true, 0b100, hex("03 e8"), AUTO).bytes();
        assertFails(Role.CLIENT, close, Long.MAX_VALUE, deflate(Role.CLIENT, DEFAULTS), CloseCodes.PROTOCOL_ERROR);
    }

    @Test
    void rsv1OnAContinuationFrameIs1002() {
        byte[] data = hex("41 03 f2 48 cd c0 04 c9 c9 07 00");
        assertFails(Role.CLIENT, data, Long.MAX_VALUE, deflate(Role.CLIENT, DEFAULTS), CloseCodes.PROTOCOL_ERROR);
    }

    @Test
    void rsv2AndRsv3StayUnclaimed() {
        assertFails(Role.CLIENT, hex("e1 07 f2 48 cd c9 c9 07 00"), Long.MAX_VALUE, deflate(Role.CLIENT, DEFAULTS),
                CloseCodes.PROTOCOL_ERROR);
        assertFails(Role.CLIENT, hex("91 01 41"), Long.MAX_VALUE, deflate(Role.CLIENT, DEFAULTS),
                CloseCodes.PROTOCOL_ERROR);
    }

    @Test
    void corruptCompressedDataIs1007() {
        // BTYPE 11 is reserved in DEFLATE
        assertFails(Role.CLIENT, hex("c1 03 ff ff ff"), Long.MAX_VALUE, deflate(Role.CLIENT, DEFAULTS),
                CloseCodes.INVALID_PAYLOAD);
    }

    @Test
    void inflatedTextIsValidatedAsUtf8() {
        byte[] bad = encode(started(new PerMessageDeflate(Role.SERVER, DEFAULTS)), hex("48 69 ff"), true);
        assertFails(Role.CLIENT, fromServer().frame(Opcode.TEXT, true, 0b100, bad, AUTO).bytes(), Long.MAX_VALUE,
                deflate(Role.CLIENT, DEFAULTS), CloseCodes.INVALID_PAYLOAD);
    }

    @Test
    void releaseEndsBothDirectionsAndLaterUseFails() throws Exception {
        PerMessageDeflate codec = new PerMessageDeflate(Role.CLIENT, DEFAULTS);
        codec.startInbound(Opcode.TEXT, 0b100);
        assertThat(encodeMessage(codec, "Hello")).isEqualTo("f248cdc9c90700");
        codec.release();
        codec.release();
        assertThatThrownBy(() -> codec.decode(ByteBuffer.wrap(hex("f2 48")), false))
                .isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> codec.startOutbound(Opcode.TEXT)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> codec.encode(ByteBuffer.wrap(utf8("x")), true))
                .isInstanceOf(IllegalStateException.class);
    }

    // ---- helpers

    private static PerMessageDeflate started(PerMessageDeflate codec) {
        codec.startOutbound(Opcode.BINARY);
        return codec;
    }

    private static String encodeMessage(PerMessageDeflate codec, String text) {
        assertThat(codec.startOutbound(Opcode.TEXT)).isEqualTo(0b100);
        return HexFormat.of().formatHex(encode(codec, text.getBytes(StandardCharsets.UTF_8), true));
    }

    /** Pulls encode() the way the engine does: until it returns nothing with its input used up. */
    private static byte[] encode(PerMessageDeflate codec, byte[] payload, boolean last) {
        ByteBuffer in = ByteBuffer.wrap(payload);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            ByteBuffer piece = codec.encode(in, last);
            if (!piece.hasRemaining() && !in.hasRemaining()) {
                return out.toByteArray();
            }
            while (piece.hasRemaining()) {
                out.write(piece.get());
            }
        }
    }

    @Test
    void levelZeroStillProducesValidOutput() {
        PerMessageDeflate stored = new PerMessageDeflate(Role.SERVER, DEFAULTS, Deflater.NO_COMPRESSION);
        byte[] payload = encode(started(stored), utf8("Hello"), true);
        assertEvents(Role.CLIENT, fromServer().frame(Opcode.TEXT, true, 0b100, payload, AUTO).bytes(), Long.MAX_VALUE,
                deflate(Role.CLIENT, DEFAULTS), "TEXT:Hello");
    }
}
