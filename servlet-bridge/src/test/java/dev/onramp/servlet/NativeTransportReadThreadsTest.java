package dev.onramp.servlet;

import org.junit.jupiter.api.Test;

import java.util.concurrent.Flow;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How many of a native channel's read threads Onramp lets run application code at once, from the contract's optional
 * parts: none unless the channel says a thread in {@code onNext} may wait for a write; then half the pool it reports
 * (so the other half stays free for write completions and other connections' reads), none of a pool of one, and no
 * bound of the channel's own when it reports none (Onramp's ceiling applies alone).
 */
class NativeTransportReadThreadsTest {

    /** A subscription with the optional answers given (null: that part not implemented). */
    private static Flow.Subscription channel(Boolean mayWait, Integer pool) {
        if (mayWait == null) {
            return new Plain();
        }
        if (pool == null) {
            return new MayWait(mayWait);
        }
        return new MayWaitSized(mayWait, pool);
    }

    @Test
    void aChannelThatDoesNotSayItsReadThreadsMayWaitRunsNoApplicationCodeOnThem() {
        assertThat(NativeTransport.readThreadsForApplicationCode(channel(null, null))).isZero();
        assertThat(NativeTransport.readThreadsForApplicationCode(channel(false, null))).isZero();
        assertThat(NativeTransport.readThreadsForApplicationCode(channel(false, 200))).isZero();
    }

    @Test
    void halfThePoolTheChannelReportsAtMost() {
        assertThat(NativeTransport.readThreadsForApplicationCode(channel(true, 200))).isEqualTo(100);
        assertThat(NativeTransport.readThreadsForApplicationCode(channel(true, 9))).isEqualTo(4);
        assertThat(NativeTransport.readThreadsForApplicationCode(channel(true, 2))).isEqualTo(1);
        assertThat(NativeTransport.readThreadsForApplicationCode(channel(true, 1))).isZero();
    }

    @Test
    void noBoundOfTheChannelsOwnWhenItReportsNoPool() {
        assertThat(NativeTransport.readThreadsForApplicationCode(channel(true, null))).isEqualTo(Integer.MAX_VALUE);
        assertThat(NativeTransport.readThreadsForApplicationCode(channel(true, -1))).isEqualTo(Integer.MAX_VALUE);
        assertThat(NativeTransport.readThreadsForApplicationCode(channel(true, 0))).isEqualTo(Integer.MAX_VALUE);
    }

    private static class Plain implements Flow.Subscription {
        @Override
        public void request(long n) {
        }

        @Override
        public void cancel() {
        }
    }

    private static class MayWait extends Plain implements BooleanSupplier {
        private final boolean may;

        MayWait(boolean may) {
            this.may = may;
        }

        @Override
        public boolean getAsBoolean() {
            return may;
        }
    }

    private static final class MayWaitSized extends MayWait implements IntSupplier {
        private final int pool;

        MayWaitSized(boolean may, int pool) {
            super(may);
            this.pool = pool;
        }

        @Override
        public int getAsInt() {
            return pool;
        }
    }
}
