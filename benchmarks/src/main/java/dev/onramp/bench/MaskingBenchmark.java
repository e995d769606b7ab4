package dev.onramp.bench;

import dev.onramp.websocket.protocol.Masking;
import java.nio.ByteBuffer;
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

/**
 * Unmasking a 1 MiB payload in place: {@link Masking#unmask} against the byte-at-a-time XOR loop most
 * implementations start with. One operation is one byte, so the score in ops/µs reads as MB/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@OperationsPerInvocation(MaskingBenchmark.SIZE)
public class MaskingBenchmark {

    static final int SIZE = 1 << 20;
    private static final int KEY = 0x37FA213D;

    private byte[] array;
    private ByteBuffer heap;
    private ByteBuffer direct;
    private final byte[] maskBytes = {(byte) (KEY >>> 24), (byte) (KEY >>> 16), (byte) (KEY >>> 8), (byte) KEY};

    @Setup
    public void setup() {
        array = new byte[SIZE];
        new Random(1).nextBytes(array);
        heap = ByteBuffer.wrap(array);
        direct = ByteBuffer.allocateDirect(SIZE);
        direct.put(array).clear();
    }

    /** Onramp, heap buffer (8-byte words through a VarHandle). Masking twice restores the data; once is enough. */
    @Benchmark
    public int onrampHeap() {
        return Masking.unmask(heap, 0, SIZE, KEY, 0);
    }

    /** Onramp, direct buffer (8-byte words through ByteBuffer.getLong/putLong). */
    @Benchmark
    public int onrampDirect() {
        return Masking.unmask(direct, 0, SIZE, KEY, 0);
    }

    /** The obvious alternative: one XOR per byte with the key byte at i mod 4. */
    @Benchmark
    public byte byteLoopHeap() {
        byte[] a = array;
        byte[] m = maskBytes;
        for (int i = 0; i < a.length; i++) {
            a[i] ^= m[i & 3];
        }
        return a[0];
    }
}
