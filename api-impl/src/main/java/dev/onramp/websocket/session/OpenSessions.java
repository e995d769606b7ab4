package dev.onramp.websocket.session;

import jakarta.websocket.Session;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A live set of open sessions: one per endpoint (what {@code Session.getOpenSessions()} returns) and one per
 * container (what shutdown closes). Sessions add themselves when they open and remove themselves when closed.
 */
public final class OpenSessions {

    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();

    /** Registers an open session. */
    public void add(Session session) {
        sessions.add(session);
    }

    /** Forgets a session that has closed. */
    public void remove(Session session) {
        sessions.remove(session);
    }

    /** A read-only snapshot of the sessions that are open now. */
    public Set<Session> snapshot() {
        return Set.copyOf(sessions);
    }
}
