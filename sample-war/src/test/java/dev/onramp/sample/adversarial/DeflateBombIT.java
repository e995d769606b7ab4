package dev.onramp.sample.adversarial;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deflate bombs (RFC 7692): a small compressed frame that inflates to far more than the endpoint's limit. The limit
 * applies to the inflated message, so the server closes with 1009 (message too big) having inflated little more than
 * the limit: every byte all threads of this JVM allocated while the attack ran is counted, and must stay far below
 * what the bomb inflates to.
 */
@Timeout(120)
class DeflateBombIT {

    @RegisterExtension
    static final AttackedServers SERVERS = new AttackedServers();

    private static final String OFFER = "Sec-WebSocket-Extensions: permessage-deflate";
    /** 512 MiB of one letter, deflated to about half a mebibyte. */
    private static final long BOMB = 512L * 1024 * 1024;
    private static byte[] bomb;
    /** All threads together may allocate this much while the bomb goes off (the sample's limit is 16 MiB). */
    private static final long MAX_ALLOCATED = 160L * 1024 * 1024;

    @ParameterizedTest
    @EnumSource(Container.class)
    void aCompressedMessageIsEchoed(Container container) throws Exception {
        Target target = SERVERS.target(container);
        try (RawConnection peer = RawConnection.open(target.port())) {
            RawConnection.Response r = peer.handshake(Target.CONTEXT + "/echo", OFFER);
            assertThat(r.status()).isEqualTo(101);
            assertThat(r.header("Sec-WebSocket-Extensions")).startsWith("permessage-deflate");
            String text = "hello ".repeat(100);
            peer.send(RawConnection.frame(true, 0x4, 0x1, deflate(text.getBytes(StandardCharsets.UTF_8))));
            RawConnection.Frame echo = peer.readFrame();
            byte[] payload = (echo.rsv() & 0x4) != 0 ? inflate(echo.payload()) : echo.payload();
            assertThat(new String(payload, StandardCharsets.UTF_8)).isEqualTo(text);
        }
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void aBombClosesWith1009WithoutInflatingIt(Container container) throws Exception {
        Target target = SERVERS.target(container);
        long mark = SERVERS.witness(container).echoed();
        byte[] compressed = bomb();
        try (RawConnection peer = RawConnection.open(target.port())) {
            assertThat(peer.handshake(Target.CONTEXT + "/echo", OFFER).status()).isEqualTo(101);
            Map<Long, Long> allocatedBefore = allocatedPerThread();
            try {
                peer.send(RawConnection.frame(true, 0x4, 0x1, compressed));
            } catch (IOException closedAlready) {
                // the server may close before it has read the whole bomb; its close frame is read next
            }
            int code = peer.awaitCloseFrame();
            long allocated = allocatedSince(allocatedBefore);
            System.out.printf("deflate bomb %s: %d compressed bytes for %d, closed with %d, %d MiB allocated%n",
                    container, compressed.length, BOMB, code, allocated >> 20);
            assertThat(code).isEqualTo(1009);
            assertThat(allocated).as("bytes allocated while the bomb went off").isLessThan(MAX_ALLOCATED);
        }
        SERVERS.witness(container).assertServedSince(mark);
    }

    private static synchronized byte[] bomb() {
        if (bomb == null) {
            byte[] letters = new byte[1024 * 1024];
            Arrays.fill(letters, (byte) 'a');
            Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            for (long fed = 0; fed < BOMB; fed += letters.length) {
                deflater.setInput(letters);
                while (!deflater.needsInput()) {
                    out.write(buffer, 0, deflater.deflate(buffer));
                }
            }
            bomb = finish(deflater, out, buffer);
        }
        return bomb;
    }

    /** A message compressed as one permessage-deflate message (RFC 7692 §7.2.1). */
    private static byte[] deflate(byte[] message) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        deflater.setInput(message);
        while (!deflater.needsInput()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        return finish(deflater, out, buffer);
    }

    /** Flushes with SYNC_FLUSH and drops the 00 00 FF FF it ends with, as RFC 7692 §7.2.1 asks. */
    private static byte[] finish(Deflater deflater, ByteArrayOutputStream out, byte[] buffer) {
        int n;
        do {
            n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
            out.write(buffer, 0, n);
        } while (n == buffer.length);
        deflater.end();
        byte[] all = out.toByteArray();
        return Arrays.copyOf(all, all.length - 4);
    }

    private static byte[] inflate(byte[] payload) throws DataFormatException {
        Inflater inflater = new Inflater(true);
        byte[] withTail = Arrays.copyOf(payload, payload.length + 4);
        withTail[payload.length + 2] = (byte) 0xFF;
        withTail[payload.length + 3] = (byte) 0xFF;
        inflater.setInput(withTail);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = inflater.inflate(buffer)) > 0) {
            out.write(buffer, 0, n);
        }
        inflater.end();
        return out.toByteArray();
    }

    /** Bytes allocated so far by each thread alive now (HotSpot counts them per thread). */
    private static Map<Long, Long> allocatedPerThread() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] ids = threads.getAllThreadIds();
        long[] bytes = threads.getThreadAllocatedBytes(ids);
        Map<Long, Long> perThread = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0) {
                perThread.put(ids[i], bytes[i]);
            }
        }
        return perThread;
    }

    /** What all threads allocated since {@code before} (a thread that ended meanwhile is not counted). */
    private static long allocatedSince(Map<Long, Long> before) {
        long sum = 0;
        for (Map.Entry<Long, Long> now : allocatedPerThread().entrySet()) {
            sum += now.getValue() - before.getOrDefault(now.getKey(), 0L);
        }
        return sum;
    }
}
