package dev.onramp.websocket.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MaskKeysTest {

    private static int[] draw(int n) {
        int[] keys = new int[n];
        for (int i = 0; i < n; i++) {
            keys[i] = MaskKeys.next();
        }
        return keys;
    }

    @Test
    void keysDifferAcrossCalls() {
        // 10,000 uniform 32-bit keys collide about 0.01 times on average; 100 collisions is beyond any chance.
        Set<Integer> distinct = new HashSet<>();
        for (int k : draw(10_000)) {
            distinct.add(k);
        }
        assertThat(distinct).hasSizeGreaterThan(9_900);
    }

    @Test
    void keysDifferAcrossThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Set<Integer> distinct = new HashSet<>();
            java.util.List<Future<int[]>> futures = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> draw(2_500)));
            }
            for (Future<int[]> f : futures) {
                for (int k : f.get(60, TimeUnit.SECONDS)) {
                    distinct.add(k);
                }
            }
            assertThat(distinct).hasSizeGreaterThan(9_900);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void everyBitVaries() {
        int ored = 0;
        int anded = -1;
        for (int k : draw(1_000)) {
            ored |= k;
            anded &= k;
        }
        assertThat(ored).isEqualTo(-1);
        assertThat(anded).isZero();
    }
}
