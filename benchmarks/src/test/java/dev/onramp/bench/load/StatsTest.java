package dev.onramp.bench.load;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StatsTest {

    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(Stats.of(List.of(5.0, 1.0, 3.0)).median()).isEqualTo(3.0);
        assertThat(Stats.of(List.of(4.0, 1.0, 3.0, 2.0)).median()).isEqualTo(2.5);
    }

    @Test
    void spreadIsHalfTheRangeOverTheMedian() {
        Stats s = Stats.of(List.of(90.0, 100.0, 110.0));
        assertThat(s.min()).isEqualTo(90.0);
        assertThat(s.max()).isEqualTo(110.0);
        assertThat(s.spreadPercent()).isEqualTo(10.0);
    }

    @Test
    void noValuesIsNotANumber() {
        assertThat(Stats.of(List.of()).count()).isZero();
        assertThat(Stats.of(List.of()).median()).isNaN();
    }
}
