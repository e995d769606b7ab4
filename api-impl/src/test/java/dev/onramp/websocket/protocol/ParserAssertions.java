package dev.onramp.websocket.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/** Runs one input through every {@link Chopper} and checks that all of them agree with the expectation. */
final class ParserAssertions {
    private ParserAssertions() {
    }

    static void assertEvents(Role role, byte[] data, String... expected) {
        assertEvents(role, data, Long.MAX_VALUE, Long.MAX_VALUE, List.of(), expected);
    }

    static void assertEvents(Role role, byte[] data, long maxText, long maxBinary, List<ExtensionCodec> codecs,
            String... expected) {
        for (Chopper chopper : Chopper.all()) {
            Chopper.Result r = chopper.feed(role, data, maxText, maxBinary, codecs);
            assertThat(r.error).as("unexpected failure with %s", chopper).isNull();
            assertThat(r.recorder.events).as("events with %s", chopper).containsExactly(expected);
        }
    }

    /**
     * Asserts that every chopping fails with {@code closeCode} after consuming the same number of bytes and
     * delivering the same events; returns the result of whole input.
     */
    static Chopper.Result assertFails(Role role, byte[] data, int closeCode) {
        return assertFails(role, data, Long.MAX_VALUE, Long.MAX_VALUE, List.of(), closeCode);
    }

    static Chopper.Result assertFails(Role role, byte[] data, long maxText, long maxBinary,
            List<ExtensionCodec> codecs, int closeCode) {
        Chopper.Result first = null;
        for (Chopper chopper : Chopper.all()) {
            Chopper.Result r = chopper.feed(role, data, maxText, maxBinary, codecs);
            assertThat(r.error).as("expected close code %d with %s", closeCode, chopper).isNotNull();
            assertThat(r.error.closeCode()).as("close code with %s (%s)", chopper, r.error.getMessage())
                    .isEqualTo(closeCode);
            if (first == null) {
                first = r;
            } else {
                assertThat(r.consumed).as("bytes consumed before the failure with %s", chopper)
                        .isEqualTo(first.consumed);
                assertThat(r.recorder.events).as("events with %s", chopper)
                        .isEqualTo(first.recorder.events);
            }
        }
        return first;
    }
}
