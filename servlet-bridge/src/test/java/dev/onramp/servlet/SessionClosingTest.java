package dev.onramp.servlet;

import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Which sessions are closed, with which code, when an HTTP session ends or the application stops. */
class SessionClosingTest {

    /** A Session stand-in that records close calls (only isOpen and close are used by the code under test). */
    private static Session session(List<CloseReason> closes) {
        boolean[] open = {true};
        return (Session) Proxy.newProxyInstance(Session.class.getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "isOpen" -> open[0];
                    case "close" -> {
                        closes.add(args == null ? null : (CloseReason) args[0]);
                        open[0] = false;
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** An HTTP session stand-in: getId, and getLastAccessedTime that throws once invalid. */
    private static HttpSession httpSession(String id, boolean valid) {
        return (HttpSession) Proxy.newProxyInstance(HttpSession.class.getClassLoader(),
                new Class<?>[] {HttpSession.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getId" -> id;
                    case "getLastAccessedTime" -> {
                        if (!valid) {
                            throw new IllegalStateException("invalidated");
                        }
                        yield 0L;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static HttpSessionEvent ended(String id) {
        return new HttpSessionEvent(httpSession(id, false));
    }

    @Test
    void anEndedHttpSessionClosesItsWebSocketSessionsWith1008() {
        HttpSessionTracker tracker = new HttpSessionTracker();
        List<CloseReason> mine = new CopyOnWriteArrayList<>();
        List<CloseReason> other = new CopyOnWriteArrayList<>();
        tracker.track(httpSession("h1", true), session(mine));
        tracker.track(httpSession("h1", true), session(mine));
        tracker.track(httpSession("h2", true), session(other));
        tracker.sessionDestroyed(ended("h1"));
        assertThat(mine).hasSize(2).allSatisfy(r ->
                assertThat(r.getCloseCode()).isEqualTo(CloseReason.CloseCodes.VIOLATED_POLICY));
        assertThat(other).isEmpty();
        assertThat(tracker.openSessions("h2")).isEqualTo(1);
        tracker.sessionDestroyed(ended("unknown")); // no sessions: nothing happens
    }

    @Test
    void aSessionOpenedUnderAnAlreadyEndedHttpSessionIsClosedAtOnce() {
        HttpSessionTracker tracker = new HttpSessionTracker();
        List<CloseReason> closes = new CopyOnWriteArrayList<>();
        tracker.track(httpSession("gone", false), session(closes));
        assertThat(closes).singleElement().satisfies(r ->
                assertThat(r.getCloseCode()).isEqualTo(CloseReason.CloseCodes.VIOLATED_POLICY));
        assertThat(tracker.openSessions("gone")).isZero();
    }

    @Test
    void applicationShutdownClosesEveryOpenSessionWith1001() {
        OnrampServerContainer container = new OnrampServerContainer(null);
        List<CloseReason> closes = new CopyOnWriteArrayList<>();
        container.allSessions().add(session(closes));
        container.allSessions().add(session(closes));
        container.shutdown();
        assertThat(closes).hasSize(2).allSatisfy(r ->
                assertThat(r.getCloseCode()).isEqualTo(CloseReason.CloseCodes.GOING_AWAY));
        assertThat(container.match("/anything")).isNull();
    }
}
