package dev.onramp.sample.adversarial;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Counts the TCP sockets that a process on this machine still holds on a local port, from Linux's
 * {@code /proc/net/tcp} and {@code /proc/net/tcp6}: every entry with that local port that is not the listening
 * socket and still has an inode (a socket the kernel keeps alone, such as one in TIME_WAIT or an orphaned FIN_WAIT,
 * has inode 0). The server under test runs in this JVM, so this is how many connections it has not let go, whatever
 * its container.
 */
final class ServerSockets {

    private static final String LISTEN = "0A";

    private ServerSockets() {
    }

    /** Sockets held on the local port, whatever the peer. */
    static int held(int port) {
        return held(port, null);
    }

    /** Sockets held on the local port whose peer's port is one of {@code remotePorts} (null: any). */
    static int held(int port, Set<Integer> remotePorts) {
        String hexPort = String.format("%04X", port);
        int held = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.exists(file)) {
                continue;
            }
            List<String> lines;
            try {
                lines = Files.readAllLines(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
                String localPort = f[1].substring(f[1].indexOf(':') + 1);
                int remotePort = Integer.parseInt(f[2].substring(f[2].indexOf(':') + 1), 16);
                if (localPort.equals(hexPort) && !f[3].equals(LISTEN) && !f[9].equals("0")
                        && (remotePorts == null || remotePorts.contains(remotePort))) {
                    held++;
                }
            }
        }
        return held;
    }
}
