package dev.onramp.websocket.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8ValidatorTest {

    /** An input and the index of its first bad byte (-1: valid so far) and whether it ends on a boundary. */
    private record Case(String hex, int firstBad, boolean boundary) {
        byte[] bytes() {
            return HexFormat.of().parseHex(hex.replace(" ", ""));
        }
    }

    private static Case valid(String hex) {
        return new Case(hex, -1, true);
    }

    private static Case invalidAt(String hex, int index) {
        return new Case(hex, index, false);
    }

    private static Case truncated(String hex) {
        return new Case(hex, -1, false);
    }

    private static final List<Case> CASES = List.of(
            // Boundaries of each sequence length and of the excluded ranges.
            valid("00"), valid("7F"), valid("C2 80"), valid("DF BF"), valid("E0 A0 80"), valid("EF BF BF"),
            valid("F0 90 80 80"), valid("F4 8F BF BF"), valid("ED 9F BF"), valid("EE 80 80"),
            valid("EF BF BE"), valid("F3 BF BF BF"),
            invalidAt("F4 90 80 80", 1),            // U+110000
            invalidAt("ED A0 80", 1),               // U+D800
            invalidAt("ED BF BF", 1),               // U+DFFF
            invalidAt("ED AD BF ED B0 80", 1),      // a surrogate pair spelled in UTF-8 (CESU-8)
            // Overlong forms.
            invalidAt("C0 80", 0), invalidAt("C1 BF", 0), invalidAt("C0 AF", 0),
            invalidAt("E0 80 80", 1), invalidAt("E0 9F BF", 1), invalidAt("E0 80 AF", 1),
            invalidAt("F0 80 80 80", 1), invalidAt("F0 8F BF BF", 1), invalidAt("F0 80 80 AF", 1),
            // Bytes that never occur.
            invalidAt("F5 80 80 80", 0), invalidAt("F7 BF BF BF", 0), invalidAt("F8 88 80 80 80", 0),
            invalidAt("FC 84 80 80 80 80", 0), invalidAt("FE", 0), invalidAt("FF", 0), invalidAt("41 FE FF", 1),
            // Stray and missing continuation bytes.
            invalidAt("80", 0), invalidAt("BF", 0), invalidAt("41 42 80", 2), invalidAt("C2 80 80", 2),
            invalidAt("E2 82 41", 2), invalidAt("CE 41", 1), invalidAt("F0 9F 98 41", 3),
            invalidAt("E2 82 AC 80", 3), invalidAt("CE CE BA", 1), invalidAt("F4 8F BF C2 80", 3),
            // Truncated at the end: nothing bad yet, but not a place a message may end.
            truncated("C2"), truncated("E2 82"), truncated("F0 9F 98"), truncated("41 42 F4"),
            truncated("E0"), truncated("ED 9F"));

    private static final String MULTILINGUAL = "Hello-µ@ßöäüàá-UTF-8!! κόσμε Привет мир 你好，世界 "
            + "こんにちは 안녕하세요 مرحبا שלום नमस्ते 🎉🙂𝄞 ✓ ASCII tail long enough to cover 8-byte runs.";

    private static List<Case> allCases() {
        List<Case> all = new ArrayList<>(CASES);
        all.add(valid(HexFormat.of().formatHex(MULTILINGUAL.getBytes(StandardCharsets.UTF_8))));
        // Bad bytes placed after long ASCII runs so the 8-byte fast path has to stop at the right byte.
        String ascii = HexFormat.of().formatHex("abcdefghijklmnopqrstuvwxyz0123456789".getBytes(StandardCharsets.US_ASCII));
        all.add(invalidAt(ascii + "80" + ascii, 36));
        all.add(invalidAt(ascii + "C3 A9" + ascii + "ED A0 80", 36 + 2 + 36 + 1));
        all.add(invalidAt(ascii.substring(0, 14) + "E2 82" + ascii, 7 + 2));
        all.add(truncated(ascii + "F0 9F 98"));
        return all;
    }

    /** A plain code-point-at-a-time reading of RFC 3629 §4, written independently of the automaton. */
    private static int referenceFirstBad(byte[] b) {
        int i = 0;
        while (i < b.length) {
            int lead = b[i] & 0xFF;
            int n;
            int lo = 0x80;
            int hi = 0xBF;
            if (lead < 0x80) {
                i++;
                continue;
            } else if (lead >= 0xC2 && lead <= 0xDF) {
                n = 1;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                n = 2;
                lo = lead == 0xE0 ? 0xA0 : 0x80;
                hi = lead == 0xED ? 0x9F : 0xBF;
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                n = 3;
                lo = lead == 0xF0 ? 0x90 : 0x80;
                hi = lead == 0xF4 ? 0x8F : 0xBF;
            } else {
                return i;
            }
            for (int k = 1; k <= n; k++) {
                if (i + k >= b.length) {
                    return -1;
                }
                int c = b[i + k] & 0xFF;
                int min = k == 1 ? lo : 0x80;
                int max = k == 1 ? hi : 0xBF;
                if (c < min || c > max) {
                    return i + k;
                }
            }
            i += n + 1;
        }
        return -1;
    }

    private static ByteBuffer buffer(byte[] data, int pad, boolean direct) {
        ByteBuffer b = direct ? ByteBuffer.allocateDirect(data.length + 2 * pad) : ByteBuffer.allocate(data.length + 2 * pad);
        b.position(pad);
        b.put(data);
        b.clear();
        return b;
    }

    /** Feeds data in pieces whose ends are given; returns the first bad index relative to data, or -1. */
    private static int feed(Utf8Validator v, ByteBuffer b, int pad, int[] cuts) {
        int from = pad;
        for (int cut : cuts) {
            int r = v.validate(b, from, pad + cut);
            if (r >= 0) {
                return r - pad;
            }
            from = pad + cut;
        }
        return -1;
    }

    private static void assertCase(Case c, int[] cuts, boolean direct, String how) {
        byte[] data = c.bytes();
        int pad = 5;
        ByteBuffer b = buffer(data, pad, direct);
        Utf8Validator v = new Utf8Validator();
        int bad = feed(v, b, pad, cuts);
        String where = c.hex + " fed " + how + " direct=" + direct;
        assertThat(bad).as(where).isEqualTo(c.firstBad);
        assertThat(v.isBoundary()).as(where).isEqualTo(c.boundary);
        assertThat(b.position()).as(where).isZero();
    }

    @Test
    void expectedFirstBadIndexesAgreeWithTheReferenceReading() {
        for (Case c : allCases()) {
            assertThat(referenceFirstBad(c.bytes())).as(c.hex).isEqualTo(c.firstBad);
        }
    }

    @Test
    void wholeInputReportsTheFirstBadByteAndBoundary() {
        for (Case c : allCases()) {
            for (boolean direct : new boolean[] {false, true}) {
                assertCase(c, new int[] {c.bytes().length}, direct, "whole");
            }
        }
    }

    @Test
    void oneByteAtATime() {
        for (Case c : allCases()) {
            int n = c.bytes().length;
            int[] cuts = new int[n];
            for (int i = 0; i < n; i++) {
                cuts[i] = i + 1;
            }
            for (boolean direct : new boolean[] {false, true}) {
                assertCase(c, cuts, direct, "1 byte at a time");
            }
        }
    }

    @Test
    void randomPiecesIncludingEmptyOnes() {
        long seed = 20261123L;
        Random r = new Random(seed);
        for (int round = 0; round < 50; round++) {
            for (Case c : allCases()) {
                int n = c.bytes().length;
                List<Integer> cuts = new ArrayList<>();
                int p = 0;
                while (p < n) {
                    p = Math.min(n, p + r.nextInt(6));
                    cuts.add(p);
                }
                if (cuts.isEmpty()) {
                    cuts.add(0);
                }
                int[] arr = cuts.stream().mapToInt(Integer::intValue).toArray();
                assertCase(c, arr, r.nextBoolean(), "in pieces " + cuts + " (seed " + seed + ", round " + round + ")");
            }
        }
    }

    @Test
    void onceFailedStaysFailedUntilReset() {
        Utf8Validator v = new Utf8Validator();
        ByteBuffer bad = ByteBuffer.wrap(new byte[] {0x41, (byte) 0xC0, 0x41});
        assertThat(v.validate(bad, 0, 3)).isEqualTo(1);
        ByteBuffer good = ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII));
        assertThat(v.validate(good, 2, 5)).isEqualTo(2);
        assertThat(v.validate(good, 3, 3)).isEqualTo(3);
        assertThat(v.isBoundary()).isFalse();
        v.reset();
        assertThat(v.validate(good, 0, 5)).isEqualTo(-1);
        assertThat(v.isBoundary()).isTrue();
    }

    @Test
    void resetForgetsAnOpenSequence() {
        Utf8Validator v = new Utf8Validator();
        assertThat(v.validate(ByteBuffer.wrap(new byte[] {(byte) 0xE2, (byte) 0x82}), 0, 2)).isEqualTo(-1);
        assertThat(v.isBoundary()).isFalse();
        v.reset();
        assertThat(v.validate(ByteBuffer.wrap(new byte[] {0x41}), 0, 1)).isEqualTo(-1);
        assertThat(v.isBoundary()).isTrue();
    }

    @Test
    void indexesAreAbsoluteForSlicedHeapBuffers() {
        byte[] backing = new byte[40];
        java.util.Arrays.fill(backing, (byte) 'a');
        backing[30] = (byte) 0xFF;
        ByteBuffer slice = ByteBuffer.wrap(backing, 10, 30).slice();
        assertThat(new Utf8Validator().validate(slice, 0, slice.limit())).isEqualTo(20);
        assertThat(new Utf8Validator().validate(slice, 0, 20)).isEqualTo(-1);
    }

    @Test
    void isValidChecksRemainingBytesWithoutMovingThePosition() {
        ByteBuffer b = ByteBuffer.wrap(new byte[] {(byte) 0xFF, 0x41, (byte) 0xC3, (byte) 0xA9, (byte) 0xE2});
        b.position(1).limit(4);
        assertThat(Utf8Validator.isValid(b)).isTrue();
        assertThat(b.position()).isEqualTo(1);
        b.limit(5);
        assertThat(Utf8Validator.isValid(b)).as("truncated").isFalse();
        b.position(0).limit(2);
        assertThat(Utf8Validator.isValid(b)).isFalse();
        assertThat(Utf8Validator.isValid(ByteBuffer.allocate(0))).isTrue();
        assertThat(Utf8Validator.isValid(ByteBuffer.wrap(MULTILINGUAL.getBytes(StandardCharsets.UTF_8)))).isTrue();
    }

    @Test
    void agreesWithTheJdkDecoderAndTheReferenceOnRandomInput() throws Exception {
        long seed = 6455L;
        Random r = new Random(seed);
        CharsetDecoder jdk = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int invalid = 0;
        for (int round = 0; round < 5000; round++) {
            byte[] data = randomMostlyUtf8(r);
            boolean jdkValid;
            try {
                jdk.reset().decode(ByteBuffer.wrap(data));
                jdkValid = true;
            } catch (java.nio.charset.CharacterCodingException e) {
                jdkValid = false;
            }
            boolean direct = (round & 1) == 1;
            Utf8Validator v = new Utf8Validator();
            int bad = v.validate(buffer(data, 3, direct), 3, 3 + data.length);
            String where = "seed " + seed + " round " + round + " input " + HexFormat.of().formatHex(data);
            assertThat(bad < 0 && v.isBoundary()).as(where).isEqualTo(jdkValid);
            assertThat(bad < 0 ? -1 : bad - 3).as(where).isEqualTo(referenceFirstBad(data));
            if (!jdkValid) {
                invalid++;
            }
        }
        // The generator must exercise both outcomes for the comparison to mean anything.
        assertThat(invalid).isBetween(500, 4500);
    }

    /** Valid characters of every length mixed with, now and then, a random byte. */
    private static byte[] randomMostlyUtf8(Random r) {
        StringBuilder sb = new StringBuilder();
        int chars = r.nextInt(40);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < chars; i++) {
            int cp;
            switch (r.nextInt(4)) {
                case 0 -> cp = r.nextInt(0x80);
                case 1 -> cp = 0x80 + r.nextInt(0x800 - 0x80);
                case 2 -> {
                    cp = 0x800 + r.nextInt(0x10000 - 0x800);
                    if (cp >= 0xD800 && cp <= 0xDFFF) {
                        cp = 0xE000;
                    }
                }
                default -> cp = 0x10000 + r.nextInt(0x110000 - 0x10000);
            }
            sb.setLength(0);
            byte[] enc = sb.appendCodePoint(cp).toString().getBytes(StandardCharsets.UTF_8);
            out.writeBytes(enc);
            if (r.nextInt(60) == 0) {
                out.write(r.nextInt(256));
            }
        }
        byte[] data = out.toByteArray();
        if (data.length > 0 && r.nextInt(20) == 0) {
            data = java.util.Arrays.copyOf(data, data.length - 1); // maybe truncate the last character
        }
        return data;
    }

    @Test
    void decoderReturnsCharsForContrast() {
        // Guards the test's own JDK oracle: it must reject an encoded surrogate, as RFC 3629 requires.
        CharsetDecoder jdk = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT);
        CharBuffer out = CharBuffer.allocate(4);
        assertThat(jdk.decode(ByteBuffer.wrap(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}), out, true)
                .isError()).isTrue();
    }
}
