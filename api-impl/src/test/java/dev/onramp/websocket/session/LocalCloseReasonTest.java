package dev.onramp.websocket.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onramp.testing.Frames;
import dev.onramp.websocket.testing.InMemoryTransport;
import jakarta.websocket.CloseReason;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * When this side starts the close, onClose reports this side's reason (1006 after an idle timeout, as the
 * specification requires; the application's own reason after Session.close) even when the peer's answer is processed
 * before the closing thread gets to report it. The TCK's closing test saw 1001 once when the answer won that race.
 */
class LocalCloseReasonTest {

    private final InMemoryTransport transport = new InMemoryTransport();

    /** The peer answers our close frame at once, on the thread that wrote it, before that thread returns. */
    private void peerAnswersCloseFramesAtOnce() {
        AtomicBoolean answered = new AtomicBoolean();
        transport.afterWrite = () -> {
            try {
                List<Frames.Frame> frames = transport.awaitFrames(1);
                if (frames.get(frames.size() - 1).opcode() == Frames.CLOSE && answered.compareAndSet(false, true)) {
                    transport.deliverNow(Frames.client(Frames.CLOSE, true,
                            frames.get(frames.size() - 1).payload()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    @Test
    void anIdleTimeoutReports1006EvenWhenThePeersAnswerIsProcessedFirst() throws Exception {
        RecordingEndpoint endpoint = TestSessions.open(transport, session -> { });
        peerAnswersCloseFramesAtOnce();
        endpoint.session.setMaxIdleTimeout(100);
        assertThat(endpoint.next()).isEqualTo("close:1006");
        assertThat(transport.awaitFrames(1).get(0).payload()).startsWith(0x03, 0xe9); // 1001 on the wire
    }

    @Test
    void anApplicationCloseReportsTheApplicationsReasonEvenWhenThePeersAnswerIsProcessedFirst() throws Exception {
        RecordingEndpoint endpoint = TestSessions.open(transport, session -> { });
        peerAnswersCloseFramesAtOnce();
        endpoint.session.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "policy"));
        assertThat(endpoint.next()).isEqualTo("close:1008");
    }
}
