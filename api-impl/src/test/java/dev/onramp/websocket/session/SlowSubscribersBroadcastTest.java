package dev.onramp.websocket.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onramp.testing.LiveHeap;
import dev.onramp.websocket.testing.InMemoryTransport;
import dev.onramp.websocket.testing.TestContainer;
import jakarta.websocket.Session;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * What slow subscribers of a broadcast cost (issue 12, item 8): sessions whose peers take no
 * bytes, and a broadcaster that sends each of them 1 KiB messages with {@code getAsyncRemote().sendText}. Each
 * session's queue fills up to its limit and then its sends fail at once with an {@link IOException}: the heap the
 * broadcast retains is about subscribers x limit (plus the frame that sits in each socket), no thread is taken, and
 * nothing grows without bound. The figures go to the README's "Security and limits".
 *
 * <p>1,000 subscribers by default (each in-memory test transport has a thread of its own, which a test run should not
 * pay 10,000 times); the README's figure is from {@code -Donramp.slowSubscribers=10000}.
 */
class SlowSubscribersBroadcastTest {

    private static final int SUBSCRIBERS = Integer.getInteger("onramp.slowSubscribers", 1_000);
    private static final int LIMIT = 16 * 1024;
    private static final int ROUNDS = 40;

    @Test
    void eachSlowSubscriberRetainsAboutItsQueueLimitAndFurtherSendsFailAtOnce() throws Exception {
        TestContainer container = new TestContainer();
        container.setDefaultOutboundQueueLimit(LIMIT);
        List<Session> subscribers = new ArrayList<>(SUBSCRIBERS);
        List<InMemoryTransport> transports = new ArrayList<>(SUBSCRIBERS);
        for (int i = 0; i < SUBSCRIBERS; i++) {
            InMemoryTransport transport = new InMemoryTransport();
            RecordingEndpoint endpoint = new RecordingEndpoint(s -> { });
            TestSessions.open(transport, endpoint, SessionSetup.builder(dev.onramp.websocket.protocol.Role.SERVER,
                    endpoint, TestSessions.config(), container, new OpenSessions())
                    .requestUri(java.net.URI.create("/test")));
            transport.stallWrites(); // a subscriber that never reads
            subscribers.add(endpoint.session);
            transports.add(transport);
        }
        try {
            measure(subscribers);
        } finally {
            for (InMemoryTransport transport : transports) {
                transport.close();
            }
        }
    }

    private static void measure(List<Session> subscribers) throws Exception {
        long threadsBefore = onrampThreads();
        LiveHeap before = LiveHeap.measure();

        String message = "x".repeat(1024);
        long failedAtOnce = 0;
        for (int round = 0; round < ROUNDS; round++) {
            for (Session s : subscribers) {
                Future<Void> sent = s.getAsyncRemote().sendText(message);
                if (sent.isDone() && failed(sent)) {
                    failedAtOnce++;
                }
            }
        }
        LiveHeap after = LiveHeap.measure();
        long threadsAfter = onrampThreads();
        long perSubscriber = (after.bytes() - before.bytes()) / SUBSCRIBERS;
        System.out.printf("broadcast to %d slow subscribers, limit %d B, %d x 1 KiB: %d B retained per subscriber "
                + "(%d MiB in all), %d sends failed at once, Onramp's threads %d -> %d%n", SUBSCRIBERS, LIMIT, ROUNDS,
                perSubscriber, (after.bytes() - before.bytes()) >> 20, failedAtOnce, threadsBefore, threadsAfter);

        // per subscriber: the queue's limit, the first message (always accepted) and the one the socket holds
        assertThat(perSubscriber).isLessThan(LIMIT + 8 * 1024).isGreaterThan(LIMIT / 2);
        // each queue took about LIMIT / 1 KiB messages; every later send failed without waiting
        assertThat(failedAtOnce).isGreaterThan((long) SUBSCRIBERS * (ROUNDS - LIMIT / 1024 - 4));
        assertThat(threadsAfter - threadsBefore).as("Onramp threads the broadcast took").isLessThanOrEqualTo(2);
    }

    /** Onramp's own threads (callbacks, timers), not the test transports'. */
    private static long onrampThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("onramp-")).count();
    }

    private static boolean failed(Future<Void> sent) throws InterruptedException {
        try {
            sent.get();
            return false;
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(IOException.class).hasMessageContaining("outbound queue full");
            return true;
        }
    }
}
