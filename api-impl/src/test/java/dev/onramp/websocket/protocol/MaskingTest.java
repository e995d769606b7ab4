package dev.onramp.websocket.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MaskingTest {

    private static final int KEY = 0x37FA213D;

    /** The RFC 6455 §5.3 definition, one byte at a time: the oracle. */
    private static void referenceUnmask(byte[] a, int from, int to, int key, int phase) {
        for (int i = from; i < to; i++) {
            int j = (phase + (i - from)) & 3;
            a[i] ^= (byte) (key >>> (24 - 8 * j));
        }
    }

    private static byte[] randomBytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static ByteBuffer copyOf(byte[] data, boolean direct, ByteOrder order) {
        ByteBuffer b = direct ? ByteBuffer.allocateDirect(data.length) : ByteBuffer.allocate(data.length);
        b.order(order).put(data).clear();
        return b;
    }

    private static byte[] contents(ByteBuffer b) {
        byte[] out = new byte[b.capacity()];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.get(i);
        }
        return out;
    }

    @Test
    void rfcExampleMaskedHello() {
        // RFC 6455 §5.7: "Hello" masked with 37 fa 21 3d.
        ByteBuffer b = ByteBuffer.wrap(new byte[] {0x7f, (byte) 0x9f, 0x4d, 0x51, 0x58});
        int phase = Masking.unmask(b, 0, 5, KEY, 0);
        assertThat(new String(b.array(), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("Hello");
        assertThat(phase).isEqualTo(1);
    }

    @Test
    void unmaskEqualsByteLoopForEveryOffsetLengthPhaseAndBufferKind() {
        Random r = new Random(42);
        int[] lengths = new int[65 + 6];
        for (int i = 0; i <= 64; i++) {
            lengths[i] = i;
        }
        int[] longer = {127, 128, 129, 1000, 4099, 65_537};
        System.arraycopy(longer, 0, lengths, 65, longer.length);
        for (boolean direct : new boolean[] {false, true}) {
            for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
                for (int offset = 0; offset <= 16; offset++) {
                    for (int len : lengths) {
                        for (int phase = 0; phase < 4; phase++) {
                            int key = r.nextInt();
                            byte[] data = randomBytes(r, offset + len + 5);
                            byte[] expected = data.clone();
                            referenceUnmask(expected, offset, offset + len, key, phase);
                            ByteBuffer b = copyOf(data, direct, order);
                            int next = Masking.unmask(b, offset, offset + len, key, phase);
                            String where = "direct=" + direct + " order=" + order + " offset=" + offset
                                    + " len=" + len + " phase=" + phase;
                            assertThat(contents(b)).as(where).isEqualTo(expected);
                            assertThat(next).as(where).isEqualTo((phase + len) & 3);
                            assertThat(b.position()).as(where).isZero();
                        }
                    }
                }
            }
        }
    }

    @Test
    void unmaskHonoursArrayOffsetOfSlicedHeapBuffers() {
        Random r = new Random(7);
        byte[] backing = randomBytes(r, 100);
        byte[] expected = backing.clone();
        referenceUnmask(expected, 13 + 2, 13 + 50, KEY, 3);
        ByteBuffer slice = ByteBuffer.wrap(backing, 13, 80).slice();
        Masking.unmask(slice, 2, 50, KEY, 3);
        assertThat(backing).isEqualTo(expected);
    }

    @Test
    void unmaskInPiecesEqualsUnmaskInOneGo() {
        Random r = new Random(3);
        byte[] data = randomBytes(r, 1000);
        byte[] expected = data.clone();
        referenceUnmask(expected, 0, data.length, KEY, 0);
        ByteBuffer b = ByteBuffer.wrap(data);
        int phase = 0;
        int p = 0;
        while (p < data.length) {
            int q = Math.min(data.length, p + r.nextInt(20));
            phase = Masking.unmask(b, p, q, KEY, phase);
            p = q;
        }
        assertThat(data).isEqualTo(expected);
    }

    @Test
    void unmaskRejectsRangesOutsideTheLimit() {
        ByteBuffer b = ByteBuffer.allocate(10).limit(8);
        assertThatThrownBy(() -> Masking.unmask(b, 0, 9, KEY, 0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> Masking.unmask(b, 5, 4, KEY, 0)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void maskEqualsByteLoopAndRoundTrips() {
        Random r = new Random(99);
        for (boolean srcDirect : new boolean[] {false, true}) {
            for (boolean dstDirect : new boolean[] {false, true}) {
                for (ByteOrder dstOrder : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
                    for (int len = 0; len <= 70; len++) {
                        for (int srcPos = 0; srcPos < 9; srcPos += 4) {
                            int key = r.nextInt();
                            byte[] plain = randomBytes(r, srcPos + len + 3);
                            ByteBuffer src = copyOf(plain, srcDirect, ByteOrder.BIG_ENDIAN);
                            src.position(srcPos).limit(srcPos + len);
                            ByteBuffer dst = copyOf(new byte[len + 11], dstDirect, dstOrder);
                            dst.position(5);
                            Masking.mask(src, dst, key);
                            String where = "srcDirect=" + srcDirect + " dstDirect=" + dstDirect + " order="
                                    + dstOrder + " len=" + len + " srcPos=" + srcPos;
                            assertThat(src.position()).as(where).isEqualTo(srcPos + len);
                            assertThat(dst.position()).as(where).isEqualTo(5 + len);
                            byte[] expected = new byte[len + 11];
                            System.arraycopy(plain, srcPos, expected, 5, len);
                            referenceUnmask(expected, 5, 5 + len, key, 0);
                            assertThat(contents(dst)).as(where).isEqualTo(expected);
                            Masking.unmask(dst, 5, 5 + len, key, 0);
                            byte[] roundTrip = new byte[len];
                            for (int i = 0; i < len; i++) {
                                roundTrip[i] = dst.get(5 + i);
                            }
                            assertThat(roundTrip).as(where)
                                    .isEqualTo(java.util.Arrays.copyOfRange(plain, srcPos, srcPos + len));
                        }
                    }
                }
            }
        }
    }

    @Test
    void maskFailsWithoutMovingWhenDestinationIsTooSmall() {
        ByteBuffer src = ByteBuffer.allocate(10);
        ByteBuffer dst = ByteBuffer.allocate(9);
        assertThatThrownBy(() -> Masking.mask(src, dst, KEY)).isInstanceOf(BufferOverflowException.class);
        assertThat(src.position()).isZero();
        assertThat(dst.position()).isZero();
    }
}
