package dev.onramp.sample.adversarial;

import dev.onramp.sample.GuardedEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cross-site WebSocket hijacking: a page from another site opens a WebSocket to the application, and the browser sends
 * the user's cookies with it. The browser names the page's site in {@code Origin}; the only defence is the server's
 * check of it. The specification's default {@code checkOrigin} accepts every origin (so {@code /echo} opens for any
 * page, as the README's "Security and limits" warns); the README's one-line restriction, which the sample's
 * {@link GuardedEndpoint} carries word for word, answers another site's page with 403.
 */
@Timeout(60)
class CrossSiteHijackingIT {

    @RegisterExtension
    static final AttackedServers SERVERS = new AttackedServers();

    private static final String EVIL = "Origin: http://evil.example";

    @ParameterizedTest
    @EnumSource(Container.class)
    void theDefaultAcceptsAnyOriginAndTheReadmesCheckRefusesOtherSites(Container container) throws Exception {
        Target target = SERVERS.target(container);
        assertThat(status(target, "/echo", EVIL)).as("the default checkOrigin").isEqualTo(101);
        assertThat(status(target, "/guarded", EVIL)).as("another site's page").isEqualTo(403);
        assertThat(status(target, "/guarded", "Origin: " + GuardedEndpoint.ALLOWED_ORIGIN)).isEqualTo(101);
        assertThat(status(target, "/guarded")).as("a client that is no browser sends no Origin").isEqualTo(101);
    }

    /** The README shows the check as the sample carries it, so the test above tests what the README says. */
    @Test
    void theReadmeShowsTheSamplesCheckWordForWord() throws Exception {
        String sample = Files.readString(Path.of("src/main/java/dev/onramp/sample/GuardedEndpoint.java"));
        String readme = Files.readString(Path.of("../README.md"));
        String check = sample.lines().map(String::trim).filter(l -> l.startsWith("return originHeaderValue"))
                .findFirst().orElseThrow();
        assertThat(readme).contains(check).contains("configurator = GuardedEndpoint.OriginCheck.class")
                .contains("public boolean checkOrigin(String originHeaderValue)");
    }

    private static int status(Target target, String path, String... headers) throws Exception {
        try (RawConnection c = RawConnection.open(target.port())) {
            return c.handshake(Target.CONTEXT + path, headers).status();
        }
    }
}
