package dev.onramp.websocket.session;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The connections of one container that have not fully ended: their transport is still open, or their session's
 * {@code onClose} has not run yet. A session leaves {@link OpenSessions} when it closes, but its connection may live
 * on (a client waits for the server to drop TCP, a server for the peer's answer to its close frame), with timers
 * and read threads that run code of the application's class loader. A stopping web application must end all of
 * them before its loader stops loading classes, so shutdown waits here (see {@link OnrampContainer#endConnections}).
 */
final class LiveConnections {

    private final Set<WebSocketConnection> live = new HashSet<>();

    synchronized void add(WebSocketConnection connection) {
        live.add(connection);
    }

    synchronized void remove(WebSocketConnection connection) {
        if (live.remove(connection) && live.isEmpty()) {
            notifyAll();
        }
    }

    synchronized List<WebSocketConnection> snapshot() {
        return new ArrayList<>(live);
    }

    synchronized int size() {
        return live.size();
    }

    /** Waits until no connection is left or the deadline ({@link System#nanoTime()}) passed; whether none is left. */
    synchronized boolean awaitNone(long deadlineNanos) throws InterruptedException {
        while (!live.isEmpty()) {
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, remaining);
        }
        return true;
    }
}
