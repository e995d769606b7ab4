package dev.onramp.sample.adversarial;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Route confusion (issue 12, item 1): a handshake whose request target the container normalises to one path while a
 * router that reads the raw URI sees another. The deployment protects {@code /chat/*} with a BASIC login in web.xml
 * ({@link ProtectedSampleWar}); {@link MappedPathFilter} reports in {@code X-Mapped-Path} where the container mapped
 * each request. For every form below (dot segments, {@code ;parameters}, percent-encoded letters, dots and slashes),
 * without credentials, the answer must be one of: refused by the container (4xx before any filter ran), or exactly
 * what the mapped path serves: a 101 from the endpoint deployed at that path (told apart by its first reply), and
 * anything but a 101 where no endpoint is. So no request reaches an endpoint that the constraint would have blocked.
 */
@Timeout(120)
class RouteConfusionIT {

    @RegisterExtension
    static final AttackedServers SERVERS = new AttackedServers();

    private static final String CREDENTIALS = "Authorization: Basic " + Base64.getEncoder().encodeToString(
            (ProtectedSampleWar.USER + ":" + ProtectedSampleWar.PASSWORD).getBytes(StandardCharsets.UTF_8));

    /** Request targets within the context, each with a word on what it tries. */
    static List<Arguments> forms() {
        String[][] forms = {
            {"/chat/lobby", "the protected path itself"},
            {"/chat/lobby;x", "a path parameter on the protected path"},
            {"/chat;x/lobby", "a path parameter inside the protected path"},
            {"/zz/../chat/lobby", "dot segments that lead into the protected path"},
            {"/./chat/lobby", "a dot segment before the protected path"},
            {"/%63hat/lobby", "a percent-encoded letter in the protected path"},
            {"/chat/lobby;x/../../zz", "a path parameter hiding dot segments that lead out of the protected path"},
            {"/chat/lobby;x/../../echo", "the same, leading to another endpoint"},
            {"/chat/..", "a room named '..'"},
            {"/chat/..;x", "a room named '..' with a path parameter"},
            {"/chat/%2e%2e", "a room named '..', percent-encoded"},
            {"/chat/%2E%2E/echo", "percent-encoded dot segments leading to another endpoint"},
            {"/chat/lobby%2F..%2F..%2Fzz", "percent-encoded slashes"},
            {"/echo;x/../zz", "the issue's example: a path parameter hiding dot segments"},
            {"/echo;x/../upgrade/bob", "the same, leading to a servlet that upgrades itself"},
            {"/zz/../echo", "dot segments before an open endpoint (the containers' own WebSocket answers 101)"},
            {"/%65cho", "a percent-encoded letter in an open endpoint"},
            {"/echo%2F..%2Fchat%2Flobby", "percent-encoded slashes leading into the protected path"},
        };
        List<Arguments> all = new ArrayList<>();
        for (Container c : Container.values()) {
            for (String[] f : forms) {
                all.add(Arguments.of(c, f[0], f[1]));
            }
        }
        return all;
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @MethodSource("forms")
    void withoutCredentialsTheAnswerIsWhatTheContainersMappingServes(Container container, String path, String what)
            throws Exception {
        Target target = SERVERS.target(container);
        long mark = SERVERS.witness(container).echoed();
        Outcome outcome = attempt(target, path);
        System.out.println("route " + container + " " + path + " -> " + outcome);
        if (outcome.mapped == null) {
            assertThat(outcome.status).as("%s: no filter ran, so the container refused or blocked it", path)
                    .isNotEqualTo(101);
        } else {
            String expected = endpointAt(outcome.mapped);
            assertThat(expected).as("%s: the container let an unauthenticated request for %s through", path,
                    outcome.mapped).isNotEqualTo("chat");
            if (expected == null) {
                assertThat(outcome.status).as("%s mapped to %s, where no endpoint is", path, outcome.mapped)
                        .isNotEqualTo(101);
            } else {
                assertThat(outcome.status).as("%s mapped to %s", path, outcome.mapped).isEqualTo(101);
                assertThat(outcome.servedBy).as("%s mapped to %s", path, outcome.mapped).isEqualTo(expected);
            }
        }
        SERVERS.witness(container).assertServedSince(mark);
    }

    /**
     * The item's last requirement: {@code /zz/../echo} is served (101), as the containers' own WebSocket servers serve
     * it; a member's login opens a room through dot segments as through the plain path; and a path parameter is
     * decoded exactly once.
     */
    @ParameterizedTest
    @EnumSource(Container.class)
    void normalisedPathsReachTheirEndpointsAndTheLoginStillOpensTheRoom(Container container) throws Exception {
        Target target = SERVERS.target(container);
        Outcome dotted = attempt(target, "/zz/../echo");
        assertThat(dotted.status).isEqualTo(101);
        assertThat(dotted.servedBy).isEqualTo("echo");
        assertThat(attempt(target, "/chat/lobby").status).as("no login").isEqualTo(401);
        Outcome member = attempt(target, "/chat/lobby", CREDENTIALS);
        assertThat(member.status).isEqualTo(101);
        assertThat(member.servedBy).isEqualTo("chat");
        assertThat(member.firstReply).isEqualTo("lobby: welcome");
        Outcome memberDotted = attempt(target, "/zz/../chat/lobby", CREDENTIALS);
        assertThat(memberDotted.status).isEqualTo(101);
        assertThat(memberDotted.firstReply).isEqualTo("lobby: welcome");
        // the container decodes once; the room's name is what it decoded, never decoded a second time (Jetty refuses
        // an encoded '%' in a path as ambiguous, Tomcat passes it)
        Outcome encodedPercent = attempt(target, "/chat/%2541", CREDENTIALS);
        if (encodedPercent.status != 101) {
            assertThat(encodedPercent.status).as("refused by the container").isBetween(400, 499);
        } else {
            assertThat(encodedPercent.firstReply).isEqualTo("%41: welcome");
        }
        assertThat(attempt(target, "/chat/caf%C3%A9", CREDENTIALS).firstReply).isEqualTo("café: welcome");
    }

    /** The endpoint the sample deploys at a decoded, normalised path, or null for none. */
    private static String endpointAt(String path) {
        if (path.equals("/echo") || path.equals("/guarded")) {
            return "echo";
        }
        if (path.matches("/upgrade/[^/]+")) {
            return "upgrade";
        }
        if (path.matches("/chat/[^/]+")) {
            return "chat";
        }
        return null;
    }

    /** What the server answered: status (-1 when it closed without a response), mapped path, and who served a 101. */
    record Outcome(int status, String mapped, String servedBy, String firstReply) {
    }

    private static Outcome attempt(Target target, String path, String... headers) throws IOException {
        try (RawConnection c = RawConnection.open(target.port())) {
            RawConnection.Response r;
            try {
                r = c.handshake(Target.CONTEXT + path, headers);
            } catch (EOFException refused) {
                return new Outcome(-1, null, null, null);
            }
            String mapped = r.header(MappedPathFilter.HEADER);
            if (r.status() != 101) {
                return new Outcome(r.status(), mapped, null, null);
            }
            // tell the endpoints apart by their first reply: the chat greets, the echo repeats, the upgrade servlet's
            // endpoint prefixes its name
            c.sendText("probe");
            String first = c.readFrame().text();
            String servedBy = first.endsWith(": welcome") ? "chat" : first.equals("probe") ? "echo"
                    : first.endsWith(": probe") ? "upgrade" : "unknown: " + first;
            c.sendClose(1000);
            return new Outcome(101, mapped, servedBy, first);
        }
    }
}
