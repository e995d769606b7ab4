package dev.onramp.websocket.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onramp.testing.Await;
import dev.onramp.testing.Frames;
import dev.onramp.websocket.testing.InMemoryTransport;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** {@link ApplicationCallbacks}: every call of application code runs with the webapp's class loader. */
class ApplicationCallbacksTest {

    private final InMemoryTransport transport = new InMemoryTransport();

    @Test
    void callbacksRunWithTheWebappClassLoader() throws Exception {
        ClassLoader webapp = new ClassLoader(getClass().getClassLoader()) { };
        List<ClassLoader> seen = Collections.synchronizedList(new ArrayList<>());
        RecordingEndpoint endpoint = new RecordingEndpoint(s -> {
            seen.add(Thread.currentThread().getContextClassLoader());
            s.addMessageHandler(String.class, text -> {
                seen.add(Thread.currentThread().getContextClassLoader());
                s.getAsyncRemote().sendText("x", result -> seen.add(Thread.currentThread().getContextClassLoader()));
            });
        });
        TestSessions.open(transport, endpoint, TestSessions.setup(endpoint).classLoader(webapp));
        transport.feed(Frames.clientText("hi"));
        transport.awaitFrames(1);
        Await.until("onOpen, onMessage and the SendHandler", () -> seen.size() >= 3);
        assertThat(seen).hasSize(3).allSatisfy(loader -> assertThat(loader).isSameAs(webapp));
    }
}
