package dev.onramp.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The shared tools do what they say, so a test that uses them fails only for its own reason. */
class TestSupportTest {

    @Test
    void aClientFrameIsMaskedAndReadsBackWithAnyLengthForm() throws Exception {
        for (int size : new int[] {0, 125, 126, 65_535, 65_536}) {
            byte[] payload = new byte[size];
            for (int i = 0; i < size; i++) {
                payload[i] = (byte) (i * 7);
            }
            byte[] wire = Frames.client(Frames.BINARY, false, payload);
            assertThat(wire[1] & 0x80).as("mask bit").isEqualTo(0x80);
            Frames.Frame read = Frames.read(new DataInputStream(new ByteArrayInputStream(wire)));
            assertThat(read.opcode()).isEqualTo(Frames.BINARY);
            assertThat(read.fin()).isFalse();
            assertThat(read.payload()).isEqualTo(payload);
        }
    }

    @Test
    void serverFramesAreReadUpToTheLastCompleteOne() {
        byte[] two = Frames.concat(Frames.server(Frames.TEXT, true, "hi".getBytes(StandardCharsets.UTF_8)),
                Frames.server(Frames.CLOSE, true, Frames.closePayload(1001, "bye")));
        List<Frames.Frame> frames = Frames.serverFrames(two);
        assertThat(frames).extracting(Frames.Frame::opcode).containsExactly(Frames.TEXT, Frames.CLOSE);
        assertThat(frames.get(0).text()).isEqualTo("hi");
        assertThat(frames.get(1).closeCode()).isEqualTo(1001);
        assertThat(Frames.serverFrames(java.util.Arrays.copyOf(two, two.length - 1))).hasSize(1);
        assertThatThrownBy(() -> Frames.serverFrames(Frames.clientText("masked"))).isInstanceOf(AssertionError.class);
    }

    @Test
    void awaitReturnsOnceTheConditionHoldsAndFailsNamingWhatItWaitedFor() {
        AtomicInteger looks = new AtomicInteger();
        Await.until("the third look", () -> looks.incrementAndGet() >= 3);
        assertThat(looks).hasValue(3);
        assertThatThrownBy(() -> Await.until("something that never happens", Duration.ofMillis(50), () -> false))
                .isInstanceOf(AssertionError.class).hasMessageContaining("something that never happens");
        assertThatThrownBy(() -> Await.holdsFor("a bound", Duration.ofSeconds(5), () -> looks.incrementAndGet() < 10))
                .isInstanceOf(AssertionError.class).hasMessageContaining("a bound");
    }

    @Test
    void classDependenciesSeeEveryReferenceInTheClassFiles() {
        ClassDependencies classes = ClassDependencies.of(Path.of("target", "classes"));
        assertThat(classes.classes()).contains(Await.class.getName(), Frames.class.getName());
        assertThat(classes.violations("dev.onramp.testing.", List.of("java.", "javax.net.ssl.", "javax.management.", "dev.onramp.testing.")))
                .isEmpty();
        assertThat(classes.violations("dev.onramp.testing.Await", List.of("java.lang.")))
                .contains("dev.onramp.testing.Await -> java.util.concurrent.locks.LockSupport");
    }
}
