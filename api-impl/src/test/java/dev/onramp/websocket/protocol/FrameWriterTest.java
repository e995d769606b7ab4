package dev.onramp.websocket.protocol;

import static dev.onramp.websocket.protocol.FrameBuilder.hex;
import static dev.onramp.websocket.protocol.FrameBuilder.pattern;
import static dev.onramp.websocket.protocol.FrameBuilder.utf8;
import static dev.onramp.websocket.protocol.ParserAssertions.assertEvents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Frame headers, masking and close payloads as bytes, and round trips through the parser. */
class FrameWriterTest {

    @Test
    void serverHeadersForEveryLengthForm() {
        assertThat(header(Role.SERVER, Opcode.TEXT, true, 0, 0)).isEqualTo("8100");
        assertThat(header(Role.SERVER, Opcode.TEXT, true, 0, 125)).isEqualTo("817d");
        assertThat(header(Role.SERVER, Opcode.BINARY, true, 0, 126)).isEqualTo("827e007e");
        assertThat(header(Role.SERVER, Opcode.BINARY, false, 0, 65535)).isEqualTo("027effff");
        assertThat(header(Role.SERVER, Opcode.BINARY, true, 0, 65536)).isEqualTo("827f0000000000010000");
        assertThat(header(Role.SERVER, Opcode.CONTINUATION, true, 0, Long.MAX_VALUE))
                .isEqualTo("807f7fffffffffffffff");
        assertThat(header(Role.SERVER, Opcode.PING, true, 0, 5)).isEqualTo("8905");
        assertThat(header(Role.SERVER, Opcode.CLOSE, true, 0, 2)).isEqualTo("8802");
    }

    @Test
    void rsvBitsLandInTheFirstByte() {
        assertThat(header(Role.SERVER, Opcode.TEXT, true, 0b100, 1)).isEqualTo("c101");
        assertThat(header(Role.SERVER, Opcode.TEXT, false, 0b010, 1)).isEqualTo("2101");
        assertThat(header(Role.SERVER, Opcode.BINARY, true, 0b001, 1)).isEqualTo("9201");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 125, 126, 65535, 65536})
    void clientHeadersCarryTheMaskBitAndTheReturnedKey(int length) {
        ByteBuffer dst = ByteBuffer.allocate(FrameWriter.MAX_HEADER_LENGTH);
        int key = new FrameWriter(Role.CLIENT).writeHeader(dst, Opcode.BINARY, true, 0, length);
        dst.flip();
        int expectedLength = length <= 125 ? 6 : length <= 65535 ? 8 : 14;
        assertThat(dst.remaining()).isEqualTo(expectedLength);
        assertThat(dst.get(1) & 0x80).isEqualTo(0x80);
        assertThat(dst.getInt(expectedLength - 4)).isEqualTo(key);
    }

    @Test
    void serverFrameSharesThePayloadWithoutCopyingOrMovingIt() {
        ByteBuffer payload = ByteBuffer.wrap(utf8("xxhello")).position(2);
        ByteBuffer[] frame = new FrameWriter(Role.SERVER).frame(Opcode.TEXT, true, 0, payload);
        assertThat(payload.position()).isEqualTo(2);
        assertThat(hexOf(frame[0])).isEqualTo("8105");
        assertThat(frame[1].hasArray()).as("a heap payload stays reachable as an array for the transport").isTrue();
        assertThat(hexOf(frame[1])).isEqualTo(HexFormat.of().formatHex(utf8("hello")));
        payload.put(2, (byte) 'H');
        assertThat(frame[1].get(frame[1].position())).as("a view, not a copy").isEqualTo((byte) 'H');
    }

    @Test
    void clientFrameIsAMaskedCopyUnderTheKeyInItsHeader() {
        byte[] plain = pattern(300);
        ByteBuffer payload = ByteBuffer.wrap(plain);
        ByteBuffer[] frame = new FrameWriter(Role.CLIENT).frame(Opcode.BINARY, true, 0, payload);
        assertThat(payload.position()).isZero();
        ByteBuffer header = frame[0];
        assertThat(header.remaining()).isEqualTo(8);
        int key = header.getInt(header.position() + 4);
        ByteBuffer masked = frame[1];
        assertThat(masked.remaining()).isEqualTo(300);
        for (int i = 0; i < plain.length; i++) {
            byte mask = (byte) (key >>> (24 - 8 * (i & 3)));
            assertThat((byte) (masked.get(masked.position() + i) ^ mask)).isEqualTo(plain[i]);
        }
    }

    @Test
    void clientMaskKeysDifferBetweenFrames() {
        FrameWriter writer = new FrameWriter(Role.CLIENT);
        java.util.Set<Integer> keys = new java.util.HashSet<>();
        for (int i = 0; i < 64; i++) {
            keys.add(writer.writeHeader(ByteBuffer.allocate(14), Opcode.PING, true, 0, 0));
        }
        assertThat(keys.size()).isGreaterThan(60);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 65535, 65536, 100_000})
    void clientWriterToServerParserAndBack(int length) {
        byte[] payload = pattern(length);
        String expected = "BINARY:" + HexFormat.of().formatHex(payload);
        assertEvents(Role.SERVER, write(Role.CLIENT, Opcode.BINARY, payload), expected);
        assertEvents(Role.CLIENT, write(Role.SERVER, Opcode.BINARY, payload), expected);
    }

    @Test
    void fragmentedTextAndControlFramesRoundTrip() {
        FrameWriter writer = new FrameWriter(Role.CLIENT);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        append(wire, writer.frame(Opcode.TEXT, false, 0, ByteBuffer.wrap(utf8("frag"))));
        append(wire, writer.frame(Opcode.PING, true, 0, ByteBuffer.wrap(utf8("p"))));
        append(wire, writer.frame(Opcode.CONTINUATION, true, 0, ByteBuffer.wrap(utf8("ment"))));
        append(wire, writer.frame(Opcode.CLOSE, true, 0, FrameWriter.closePayload(1000, "bye")));
        assertEvents(Role.SERVER, wire.toByteArray(), "PING:70", "TEXT:fragment", "CLOSE:1000:bye");
    }

    @Test
    void invalidFramesAreRefused() {
        FrameWriter writer = new FrameWriter(Role.SERVER);
        ByteBuffer dst = ByteBuffer.allocate(14);
        assertThatThrownBy(() -> writer.writeHeader(dst, Opcode.PING, true, 0, 126))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.writeHeader(dst, Opcode.CLOSE, false, 0, 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.writeHeader(dst, 3, true, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.writeHeader(dst, Opcode.TEXT, true, 8, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.writeHeader(dst, Opcode.TEXT, true, 0, -1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(dst.position()).isZero();
    }

    @Test
    void closePayloadCarriesCodeAndUtf8Reason() {
        assertThat(hexOf(FrameWriter.closePayload(1000, ""))).isEqualTo("03e8");
        assertThat(hexOf(FrameWriter.closePayload(4999, null))).isEqualTo("1387");
        assertThat(hexOf(FrameWriter.closePayload(1001, "\u00e9"))).isEqualTo("03e9c3a9");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535, -1})
    void closePayloadRefusesCodesThatMayNotBeSent(int code) {
        assertThatThrownBy(() -> FrameWriter.closePayload(code, "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closeReasonIsLimitedTo123BytesOfUtf8() {
        assertThat(FrameWriter.closePayload(1000, "a".repeat(123)).remaining()).isEqualTo(125);
        assertThatThrownBy(() -> FrameWriter.closePayload(1000, "a".repeat(124)))
                .isInstanceOf(IllegalArgumentException.class);
        // 62 two-byte characters = 124 bytes, although only 62 chars
        assertThatThrownBy(() -> FrameWriter.closePayload(1000, "\u00e9".repeat(62)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(FrameWriter.closePayload(1000, "\u00e9".repeat(61) + "a").remaining()).isEqualTo(125);
    }

    @Test
    void closePayloadIsValidForTheParser() {
        byte[] wire = write(Role.SERVER, Opcode.CLOSE, bytes(FrameWriter.closePayload(3001, "gone \u20ac")));
        assertEvents(Role.CLIENT, wire, "CLOSE:3001:gone \u20ac");
        assertThat(hex("00")).hasSize(1);
    }

    private static String header(Role role, int opcode, boolean fin, int rsv, long length) {
        ByteBuffer dst = ByteBuffer.allocate(FrameWriter.MAX_HEADER_LENGTH);
        assertThat(new FrameWriter(role).writeHeader(dst, opcode, fin, rsv, length)).isZero();
        return hexOf(dst.flip());
    }

    private static byte[] write(Role role, int opcode, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        append(out, new FrameWriter(role).frame(opcode, true, 0, ByteBuffer.wrap(payload)));
        return out.toByteArray();
    }

    private static void append(ByteArrayOutputStream out, ByteBuffer[] buffers) {
        for (ByteBuffer b : buffers) {
            out.writeBytes(bytes(b));
        }
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }

    private static String hexOf(ByteBuffer b) {
        return HexFormat.of().formatHex(bytes(b));
    }
}
