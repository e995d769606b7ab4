package dev.onramp.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waiting in tests for something another thread makes true, without spinning a core and without waiting forever:
 * the condition is looked at again after a short park (growing from 0.1 ms to 10 ms), until it holds or the
 * timeout passes, which fails the test with what was awaited. Prefer a latch or a future where the code under test
 * can signal; this is for state it only exposes (a counter, a queue's size).
 */
public final class Await {

    /** The timeout of {@link #until(String, BooleanSupplier)}: generous, since the machine may be busy. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private static final long FIRST_PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
    private static final long LONGEST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private Await() {
    }

    /** Waits up to {@link #DEFAULT_TIMEOUT} until the condition holds; fails naming {@code what} otherwise. */
    public static void until(String what, BooleanSupplier condition) {
        until(what, DEFAULT_TIMEOUT, condition);
    }

    /** Waits up to {@code timeout} until the condition holds; fails naming {@code what} otherwise. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = FIRST_PAUSE_NANOS;
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("not within " + timeout.toMillis() + " ms: " + what);
            }
            park(Math.min(pause, left), what);
            pause = Math.min(pause * 2, LONGEST_PAUSE_NANOS);
        }
    }

    /**
     * Checks, for the whole {@code period}, that the invariant keeps holding (e.g. a bound stays kept while a peer
     * pushes), looking every millisecond or so; fails naming {@code what} at the first look that sees it broken.
     */
    public static void holdsFor(String what, Duration period, BooleanSupplier invariant) {
        long end = System.nanoTime() + period.toNanos();
        do {
            if (!invariant.getAsBoolean()) {
                throw new AssertionError("no longer true: " + what);
            }
            park(TimeUnit.MILLISECONDS.toNanos(1), what);
        } while (System.nanoTime() - end < 0);
        if (!invariant.getAsBoolean()) {
            throw new AssertionError("no longer true: " + what);
        }
    }

    private static void park(long nanos, String what) {
        LockSupport.parkNanos(nanos);
        if (Thread.interrupted()) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting: " + what);
        }
    }
}
