package dev.onramp.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.WebConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@link ConnectionCloser.WhenQuiet} (Grizzly's close, which waits until no read callback has run for a moment) runs
 * its delayed close on Onramp's timers: an application that fills the JDK's common pool with blocked tasks (from JDK
 * 19 on {@code CompletableFuture}'s delayed executor runs there, with one worker on 2 cores) does not keep its
 * connections from closing.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class ConnectionCloserTest {

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final CountDownLatch releaseCommonPool = new CountDownLatch(1);

    @AfterEach
    void stop() {
        releaseCommonPool.countDown();
        timers.shutdownNow();
    }

    @Test
    void aCloseThatWaitsForQuietHappensWhileTheCommonPoolIsFullOfBlockedTasks() throws Exception {
        int workers = ForkJoinPool.getCommonPoolParallelism();
        CountDownLatch blocked = new CountDownLatch(workers);
        for (int i = 0; i < workers; i++) {
            ForkJoinPool.commonPool().execute(() -> {
                blocked.countDown();
                try {
                    releaseCommonPool.await(); // an application's task that waits for something
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        assertThat(blocked.await(10, TimeUnit.SECONDS)).as("every common pool worker is blocked").isTrue();

        Connection connection = new Connection();
        ConnectionCloser closer = new ConnectionCloser.WhenQuiet(connection, timers);
        closer.watch(new Reads()).onDataAvailable(); // a read callback just now: the close has to wait for quiet
        closer.close();
        assertThat(connection.closed.getCount()).as("not while a read callback was just running").isEqualTo(1);

        assertThat(connection.closed.await(ConnectionCloser.MAX_WAIT_MILLIS + 5_000, TimeUnit.MILLISECONDS))
                .as("closed once quiet, on Onramp's timers").isTrue();
    }

    /** A connection that records its close (the closer uses nothing else of it). */
    private static final class Connection implements WebConnection {
        final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public ServletInputStream getInputStream() {
            throw new UnsupportedOperationException();
        }

        @Override
        public ServletOutputStream getOutputStream() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }

    private static final class Reads implements ReadListener {
        @Override
        public void onDataAvailable() {
        }

        @Override
        public void onAllDataRead() {
        }

        @Override
        public void onError(Throwable t) {
        }
    }
}
