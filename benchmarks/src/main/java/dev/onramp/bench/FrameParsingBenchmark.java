package dev.onramp.bench;

import dev.onramp.websocket.protocol.FrameListener;
import dev.onramp.websocket.protocol.FrameParser;
import dev.onramp.websocket.protocol.ProtocolException;
import dev.onramp.websocket.protocol.Role;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Server-side parsing of a buffer of many masked 64-byte text frames (70 bytes on the wire each): Onramp's
 * {@link FrameParser} against a naive reader built on {@link DataInputStream} that allocates a byte[] per frame,
 * unmasks it byte by byte and checks its UTF-8 with the JDK decoder. One operation is one wire byte: ops/µs
 * reads as MB/s of input.
 *
 * <p>Both parsers unmask in place, and the input is never restored: every payload byte and every mask byte is
 * ASCII, so the text stays valid whether the payload currently holds the masked or the unmasked bytes, and every
 * invocation does the same work without a copy in the measured time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@OperationsPerInvocation(FrameParsingBenchmark.WIRE_BYTES)
public class FrameParsingBenchmark {

    static final int PAYLOAD = 64;
    static final int FRAME = 2 + 4 + PAYLOAD;
    static final int FRAMES = 16_384;
    static final int WIRE_BYTES = FRAMES * FRAME;

    private byte[] wire;
    private ByteBuffer input;
    private FrameParser parser;
    private Blackhole sink;

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final CharBuffer chars = CharBuffer.allocate(1 << 16);

    @Setup
    public void setup(Blackhole blackhole) throws Exception {
        sink = blackhole;
        wire = new byte[WIRE_BYTES];
        Random r = new Random(3);
        for (int f = 0; f < FRAMES; f++) {
            int p = f * FRAME;
            wire[p] = (byte) 0x81;                 // FIN, text
            wire[p + 1] = (byte) (0x80 | PAYLOAD); // masked, 7-bit length
            for (int i = 0; i < 4 + PAYLOAD; i++) {
                wire[p + 2 + i] = (byte) (' ' + r.nextInt(95)); // mask key and payload: ASCII (see class comment)
            }
        }
        input = ByteBuffer.wrap(wire);
        parser = new FrameParser(Role.SERVER, new FrameListener() {
            @Override
            public boolean onMessageData(int opcode, ByteBuffer payload, boolean first, boolean last) {
                sink.consume(payload.remaining());
                return true;
            }

            @Override
            public void onPing(ByteBuffer payload) {
                throw new IllegalStateException("unexpected ping");
            }

            @Override
            public boolean onPong(ByteBuffer payload) {
                throw new IllegalStateException("unexpected pong");
            }

            @Override
            public void onClose(int code, String reason) {
                throw new IllegalStateException("unexpected close");
            }
        });
        // Both readers must accept the input in both of its states before anything is measured.
        for (int i = 0; i < 2; i++) {
            onramp();
            if (naiveDataInputStream() != FRAMES) {
                throw new IllegalStateException("naive reader rejected the input");
            }
        }
    }

    @Benchmark
    public boolean onramp() throws ProtocolException {
        input.clear();
        return parser.parse(input);
    }

    /** The obvious alternative: a blocking stream reader, one byte[] per frame. Returns the frames read. */
    @Benchmark
    public int naiveDataInputStream() throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(wire));
        int frames = 0;
        while (in.available() > 0) {
            int b0 = in.readUnsignedByte();
            int b1 = in.readUnsignedByte();
            int opcode = b0 & 0x0F;
            if ((b0 & 0x70) != 0 || (b1 & 0x80) == 0 || opcode != 1) {
                throw new IOException("unexpected frame header");
            }
            long len = b1 & 0x7F;
            if (len == 126) {
                len = in.readUnsignedShort();
            } else if (len == 127) {
                len = in.readLong();
            }
            byte[] mask = new byte[4];
            in.readFully(mask);
            byte[] payload = new byte[(int) len];
            in.readFully(payload);
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i & 3];
            }
            decoder.reset();
            chars.clear();
            if (decoder.decode(ByteBuffer.wrap(payload), chars, true).isError()) {
                throw new IOException("invalid UTF-8");
            }
            sink.consume(payload);
            frames++;
        }
        return frames;
    }
}
