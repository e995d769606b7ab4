package dev.onramp.bench;

import dev.onramp.websocket.protocol.Utf8Validator;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Validating 1 MiB of UTF-8 text: {@link Utf8Validator} against the JDK's decoder with
 * {@link CodingErrorAction#REPORT} decoding into a reused {@link CharBuffer} (what an implementation
 * without its own validator does to check a text frame). One operation is one byte: ops/µs reads as MB/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@OperationsPerInvocation(Utf8Benchmark.SIZE)
public class Utf8Benchmark {

    static final int SIZE = 1 << 20;

    /** ascii: printable ASCII; mixed: code points drawn evenly from the 2-, 3- and 4-byte ranges. */
    @Param({"ascii", "mixed"})
    public String text;

    private ByteBuffer input;
    private final Utf8Validator validator = new Utf8Validator();
    private CharsetDecoder decoder;
    private CharBuffer chars;

    @Setup
    public void setup() {
        byte[] bytes = "ascii".equals(text) ? ascii() : mixed();
        input = ByteBuffer.wrap(bytes);
        decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        chars = CharBuffer.allocate(SIZE);
        if (validator.validate(input, 0, SIZE) != -1 || !validator.isBoundary() || !jdkDecoder()) {
            throw new IllegalStateException("benchmark input is not valid UTF-8");
        }
    }

    private static byte[] ascii() {
        byte[] b = new byte[SIZE];
        Random r = new Random(1);
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (' ' + r.nextInt(95));
        }
        return b;
    }

    private static byte[] mixed() {
        ByteBuffer out = ByteBuffer.allocate(SIZE);
        Random r = new Random(2);
        StringBuilder sb = new StringBuilder();
        while (true) {
            int cp;
            switch (r.nextInt(3)) {
                case 0 -> cp = 0x80 + r.nextInt(0x800 - 0x80);
                case 1 -> {
                    cp = 0x800 + r.nextInt(0x10000 - 0x800 - 0x800);
                    if (cp >= 0xD800) {
                        cp += 0x800; // skip the surrogates
                    }
                }
                default -> cp = 0x10000 + r.nextInt(0x110000 - 0x10000);
            }
            sb.setLength(0);
            byte[] enc = sb.appendCodePoint(cp).toString().getBytes(StandardCharsets.UTF_8);
            if (enc.length > out.remaining()) {
                break;
            }
            out.put(enc);
        }
        while (out.hasRemaining()) {
            out.put((byte) ' '); // at most 3 bytes of padding to reach exactly 1 MiB
        }
        return out.array();
    }

    @Benchmark
    public int onramp() {
        validator.reset();
        int bad = validator.validate(input, 0, SIZE);
        return validator.isBoundary() ? bad : -2;
    }

    @Benchmark
    public boolean jdkDecoder() {
        decoder.reset();
        chars.clear();
        ByteBuffer in = input.duplicate();
        CoderResult r = decoder.decode(in, chars, true);
        if (r.isError()) {
            return false;
        }
        return !decoder.flush(chars).isError();
    }
}
