package dev.onramp.spring.it;

import dev.onramp.testing.JdkClient;
import dev.onramp.spring.it.app.SettingsApplication;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boot has no WebSocket properties of its own; Spring's {@code ServletServerContainerFactoryBean} sets the
 * {@code ServerContainer}'s message buffer sizes and idle timeout, and Onramp's container applies them to Spring's
 * sessions.
 */
class ContainerSettingsIT {

    @RegisterExtension
    static final AppsPerContainer APPS = new AppsPerContainer(SettingsApplication.class);

    @ParameterizedTest
    @MethodSource("dev.onramp.spring.it.BootContainer#both")
    void aTextMessageOverTheConfiguredBufferSizeClosesWith1009(BootContainer container) throws Exception {
        JdkClient client = JdkClient.connect(APPS.get(container).ws("/handler"));
        client.socket().sendText("x".repeat(SettingsApplication.MAX_TEXT), true).get(20, TimeUnit.SECONDS);
        assertThat(client.next()).as("at the limit").isEqualTo("x".repeat(SettingsApplication.MAX_TEXT));
        client.socket().sendText("x".repeat(SettingsApplication.MAX_TEXT + 1), true).get(20, TimeUnit.SECONDS);
        assertThat(client.closeCode.get(20, TimeUnit.SECONDS)).isEqualTo(1009);
    }

    @ParameterizedTest
    @MethodSource("dev.onramp.spring.it.BootContainer#both")
    void anIdleSessionIsClosedByTheServerAfterTheConfiguredTimeout(BootContainer container) throws Exception {
        JdkClient client = JdkClient.connect(APPS.get(container).ws("/handler"));
        // 1 s configured; 30 s is the test's patience, not a bound on the server
        assertThat(client.closeCode.get(30, TimeUnit.SECONDS)).as("closed for being idle").isEqualTo(1001);
    }
}
