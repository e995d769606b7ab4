package dev.onramp.websocket.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onramp.testing.LiveHeap;
import dev.onramp.websocket.testing.InMemoryTransport;
import dev.onramp.websocket.testing.TestContainer;
import jakarta.websocket.Session;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * What slow subscribers of a broadcast cost (issue 12, item 8): {@value #SUBSCRIBERS} sessions whose peers take no
 * bytes, and a broadcaster that sends each of them 1 KiB messages with {@code getAsyncRemote().sendText}. Each
 * session's queue fills up to its limit and then its sends fail at once with an {@link IOException}: the heap the
 * broadcast retains is about subscribers x limit (plus the frame that sits in each socket), no thread is taken, and
 * nothing grows without bound. The figures go to the README's "Security and limits".
 */
class SlowSubscribersBroadcastTest {

    private static final int SUBSCRIBERS = 10_000;
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
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
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
        int threadsAfter = ManagementFactory.getThreadMXBean().getThreadCount();
        long perSubscriber = (after.bytes() - before.bytes()) / SUBSCRIBERS;
        System.out.printf("broadcast to %d slow subscribers, limit %d B, %d x 1 KiB: %d B retained per subscriber "
                + "(%d MiB in all), %d sends failed at once, threads %d -> %d%n", SUBSCRIBERS, LIMIT, ROUNDS,
                perSubscriber, (after.bytes() - before.bytes()) >> 20, failedAtOnce, threadsBefore, threadsAfter);

        // per subscriber: the queue's limit, the first message (always accepted) and the one the socket holds
        assertThat(perSubscriber).isLessThan(LIMIT + 8 * 1024).isGreaterThan(LIMIT / 2);
        // each queue took about LIMIT / 1 KiB messages; every later send failed without waiting
        assertThat(failedAtOnce).isGreaterThan((long) SUBSCRIBERS * (ROUNDS - LIMIT / 1024 - 4));
        assertThat(threadsAfter - threadsBefore).as("threads the broadcast took").isLessThan(8);
        for (InMemoryTransport transport : transports) {
            transport.close();
        }
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
