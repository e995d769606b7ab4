package dev.onramp.websocket.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onramp.websocket.testing.InMemoryTransport;
import dev.onramp.websocket.testing.TestContainer;
import jakarta.websocket.Session;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The outbound queue limit (issue 12, item 8): the container's default, a session's user property over it, resolved
 * once when the session opens, and the limit the session's queue then enforces.
 */
class OutboundQueueLimitSettingTest {

    private final TestContainer container = new TestContainer();

    @Test
    void aSessionTakesTheContainersDefaultWhenItOpens() {
        assertThat(settings(Map.of()).outboundQueueLimitBytes()).isEqualTo(ContainerDefaults.OUTBOUND_QUEUE_LIMIT_BYTES);
        container.setDefaultOutboundQueueLimit(100_000);
        assertThat(settings(Map.of()).outboundQueueLimitBytes()).isEqualTo(100_000);
        assertThatThrownBy(() -> container.setDefaultOutboundQueueLimit(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSessionsUserPropertyOverridesTheDefaultOnceWhenTheSessionOpens() {
        container.setDefaultOutboundQueueLimit(100_000);
        Map<String, Object> props = new HashMap<>(Map.of(ContainerDefaults.OUTBOUND_QUEUE_LIMIT_PROPERTY, 4096));
        SessionSettings settings = settings(props);
        assertThat(settings.outboundQueueLimitBytes()).isEqualTo(4096);
        settings.userProperties().put(ContainerDefaults.OUTBOUND_QUEUE_LIMIT_PROPERTY, 1);
        assertThat(settings.outboundQueueLimitBytes()).as("resolved once, when the session opened").isEqualTo(4096);

        assertThat(settings(Map.of(ContainerDefaults.OUTBOUND_QUEUE_LIMIT_PROPERTY, " 8192 ")).outboundQueueLimitBytes())
                .isEqualTo(8192);
        for (Object unusable : List.of("lots", -5, 0, "0", new Object())) {
            assertThat(settings(Map.of(ContainerDefaults.OUTBOUND_QUEUE_LIMIT_PROPERTY, unusable))
                    .outboundQueueLimitBytes()).as("%s", unusable).isEqualTo(100_000);
        }
    }

    @Test
    void asyncSendsBeyondASessionsOwnLimitFailAtOnce() throws Exception {
        InMemoryTransport transport = new InMemoryTransport();
        RecordingEndpoint endpoint = new RecordingEndpoint(s -> { });
        Map<String, Object> props = new HashMap<>(Map.of(ContainerDefaults.OUTBOUND_QUEUE_LIMIT_PROPERTY, 64 * 1024));
        TestSessions.open(transport, endpoint, TestSessions.setup(endpoint, TestSessions.config(List.of(), List.of(),
                props)));
        transport.stallWrites();
        Session s = endpoint.session;
        Future<Void> first = s.getAsyncRemote().sendBinary(ByteBuffer.allocate(16 * 1024)); // taken by the socket
        Future<Void> second = s.getAsyncRemote().sendBinary(ByteBuffer.allocate(40 * 1024)); // queued: 56 KiB
        Future<Void> third = s.getAsyncRemote().sendBinary(ByteBuffer.allocate(16 * 1024)); // 72 KiB > 64 KiB

        assertThat(third.isDone()).isTrue();
        assertThatThrownBy(third::get).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOf(IOException.class).hasMessageContaining("limit 65536");
        transport.releaseWrites();
        assertThat(first.get(10, TimeUnit.SECONDS)).isNull();
        assertThat(second.get(10, TimeUnit.SECONDS)).isNull();
    }

    private SessionSettings settings(Map<String, Object> props) {
        RecordingEndpoint endpoint = new RecordingEndpoint(s -> { });
        return new SessionSettings(SessionSetup.builder(dev.onramp.websocket.protocol.Role.SERVER, endpoint,
                TestSessions.config(List.of(), List.of(), new HashMap<>(props)), container, new OpenSessions())
                .requestUri(java.net.URI.create("/test")).build());
    }
}
