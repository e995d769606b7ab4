package dev.onramp.sample.adversarial;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition that nothing signals (a count the kernel or a container keeps), checking it every 20 ms
 * with the thread parked in between, up to a deadline.
 */
final class Await {

    private static final long CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private Await() {
    }

    /** Returns when the condition holds; fails with {@code what} and the last {@code state} after {@code within}. */
    static void until(BooleanSupplier condition, Duration within, String what, Supplier<?> state) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(what + " did not happen within " + within.toSeconds() + " s (last: "
                        + state.get() + ")");
            }
            LockSupport.parkNanos(CHECK_NANOS);
        }
    }
}
