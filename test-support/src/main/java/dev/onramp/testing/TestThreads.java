package dev.onramp.testing;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Work a test hands to another thread, each task on a thread of its own, never on the JDK's common
 * {@code ForkJoinPool}. {@code CompletableFuture.runAsync(task)} without an executor runs there, and how many tasks
 * may wait there at once depends on the JDK and the machine: up to JDK 17 a 2-core machine gets a thread per task, from
 * JDK 19 on it gets the common pool with one worker, so a second task that must run while a first one waits (a second
 * sender beside a blocked one, a peer that reads while a writer blocks) never starts. Here every task starts at once,
 * whatever the JDK or the core count.
 */
public final class TestThreads {

    /** Runs each task on a new daemon thread. */
    public static final Executor NEW_THREAD = task -> {
        Thread thread = new Thread(task, "test-task");
        thread.setDaemon(true);
        thread.start();
    };

    private TestThreads() {
    }

    /** A task whose checked exceptions end its future exceptionally. */
    @FunctionalInterface
    public interface Task {
        void run() throws Exception;
    }

    /** Runs {@code task} on a new thread; the future completes when it returns or throws. */
    public static CompletableFuture<Void> run(Task task) {
        return supply(() -> {
            task.run();
            return null;
        });
    }

    /** Runs {@code task} on a new thread; the future completes with what it returns or throws. */
    public static <T> CompletableFuture<T> supply(Callable<T> task) {
        return supply(task, NEW_THREAD);
    }

    /** Runs {@code task} on a new thread once {@code delay} has passed (the pace of a scenario, not a wait). */
    public static <T> CompletableFuture<T> supplyAfter(long delay, TimeUnit unit, Callable<T> task) {
        return supply(task, after(delay, unit));
    }

    /** Runs {@code task} on a new thread once {@code delay} has passed (the pace of a scenario, not a wait). */
    public static CompletableFuture<Void> runAfter(long delay, TimeUnit unit, Task task) {
        return supplyAfter(delay, unit, () -> {
            task.run();
            return null;
        });
    }

    /** An executor that starts each task on a new thread once {@code delay} has passed. */
    public static Executor after(long delay, TimeUnit unit) {
        return CompletableFuture.delayedExecutor(delay, unit, NEW_THREAD);
    }

    private static <T> CompletableFuture<T> supply(Callable<T> task, Executor executor) {
        CompletableFuture<T> result = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }
}
