package dev.onramp.bench.load;

/** One line of the end-to-end table: what it measures, its unit, and which direction is better. */
enum Row {
    ECHO_1_RATE("(a) 64 B text echo, 1 conn", "msg/s", true),
    ECHO_1_P50("(a) 64 B text echo, 1 conn, p50", "µs", false),
    ECHO_1_P99("(a) 64 B text echo, 1 conn, p99", "µs", false),
    ECHO_1_P999("(a) 64 B text echo, 1 conn, p99.9", "µs", false),
    ECHO_100_RATE("(a) 64 B text echo, 100 conns", "msg/s", true),
    ECHO_100_P50("(a) 64 B text echo, 100 conns, p50", "µs", false),
    ECHO_100_P99("(a) 64 B text echo, 100 conns, p99", "µs", false),
    ECHO_100_P999("(a) 64 B text echo, 100 conns, p99.9", "µs", false),
    PIPELINED_RATE("(b) 64 B text, 100 conns, pipelined", "msg/s", true),
    BINARY_1MIB("(c) 1 MiB binary echo, 4 conns", "MB/s", true),
    HANDSHAKES("(d) handshakes (connect, upgrade, close), 16 loops", "/s", true),
    IDLE_16MIB("(e) heap per idle connection, 16 MiB limit", "KiB", false),
    IDLE_64KIB("(e) heap per idle connection, 64 KiB limit", "KiB", false);

    final String label;
    final String unit;
    final boolean higherIsBetter;

    Row(String label, String unit, boolean higherIsBetter) {
        this.label = label;
        this.unit = unit;
        this.higherIsBetter = higherIsBetter;
    }
}
