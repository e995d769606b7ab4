package dev.onramp.servlet;

import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Closes the WebSocket sessions opened under an HTTP session when that HTTP session ends (invalidated or timed
 * out), with 1008: the authentication they were opened with is gone. Only sessions whose handshake carried an
 * HTTP session are tracked.
 */
final class HttpSessionTracker implements HttpSessionListener {

    private static final System.Logger LOG = System.getLogger(HttpSessionTracker.class.getName());

    private final Map<String, Set<Session>> byHttpSession = new ConcurrentHashMap<>();

    /**
     * Remembers that {@code session} was opened under {@code httpSession}. When the HTTP session ended between
     * the handshake and now (its listener call came too early to see this session), closes it at once.
     */
    void track(HttpSession httpSession, Session session) {
        String id = httpSession.getId();
        Set<Session> sessions = byHttpSession.computeIfAbsent(id, key -> ConcurrentHashMap.newKeySet());
        sessions.removeIf(s -> !s.isOpen());
        sessions.add(session);
        try {
            httpSession.getLastAccessedTime(); // throws once the HTTP session is invalid
        } catch (IllegalStateException ended) {
            byHttpSession.remove(id);
            close(Set.of(session));
        }
    }

    /** How many open sessions are tracked under an HTTP session (for tests). */
    int openSessions(String httpSessionId) {
        Set<Session> sessions = byHttpSession.get(httpSessionId);
        return sessions == null ? 0 : (int) sessions.stream().filter(Session::isOpen).count();
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        Set<Session> sessions = byHttpSession.remove(event.getSession().getId());
        if (sessions == null) {
            return;
        }
        close(sessions);
    }

    private static void close(Set<Session> sessions) {
        CloseReason reason = new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "HTTP session ended");
        for (Session session : sessions) {
            try {
                if (session.isOpen()) {
                    session.close(reason);
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing a session of an ended HTTP session failed", e);
            }
        }
    }
}
