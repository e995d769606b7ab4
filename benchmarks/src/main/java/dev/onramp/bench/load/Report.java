package dev.onramp.bench.load;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Collects the values of every round and prints the markdown tables: medians with spread, then Onramp's ratios. */
final class Report {

    private final List<ServerProcess.Spec> servers;
    private final Map<Row, Map<String, List<Double>>> values = new EnumMap<>(Row.class);
    private final Map<Row, Map<String, String>> failures = new EnumMap<>(Row.class);
    private final List<String> notes = new ArrayList<>();

    Report(List<ServerProcess.Spec> servers) {
        this.servers = servers;
    }

    void add(Row row, String server, double value) {
        values.computeIfAbsent(row, r -> new LinkedHashMap<>()).computeIfAbsent(server, s -> new ArrayList<>())
                .add(value);
    }

    void fail(Row row, String server, String why) {
        failures.computeIfAbsent(row, r -> new LinkedHashMap<>()).putIfAbsent(server, why);
    }

    void note(String note) {
        notes.add(note);
    }

    Stats stats(Row row, String server) {
        return Stats.of(values.getOrDefault(row, Map.of()).getOrDefault(server, List.of()));
    }

    String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("| workload | unit |");
        servers.forEach(s -> out.append(' ').append(s.label()).append(" |"));
        out.append("\n|---|---|");
        servers.forEach(s -> out.append("---:|"));
        out.append('\n');
        List<String> footnotes = new ArrayList<>();
        for (Row row : Row.values()) {
            if (!values.containsKey(row) && !failures.containsKey(row)) {
                continue;
            }
            out.append("| ").append(row.label).append(" | ").append(row.unit).append(" |");
            for (ServerProcess.Spec s : servers) {
                Stats st = stats(row, s.key());
                String why = failures.getOrDefault(row, Map.of()).get(s.key());
                String cell = st.count() == 0 ? "—" : format(st.median())
                        + (st.count() > 1 ? " ±" + String.format(Locale.ROOT, "%.0f%%", st.spreadPercent()) : "");
                if (why != null) {
                    footnotes.add(why);
                    cell = (st.count() == 0 ? "failed" : cell) + " [" + footnotes.size() + "]";
                }
                out.append(' ').append(cell).append(" |");
            }
            out.append('\n');
        }
        for (int i = 0; i < footnotes.size(); i++) {
            out.append("\n[").append(i + 1).append("] ").append(footnotes.get(i));
        }
        if (!footnotes.isEmpty()) {
            out.append('\n');
        }
        List<ServerProcess.Spec[]> pairs = new ArrayList<>();
        Map<String, ServerProcess.Spec> byKey = new LinkedHashMap<>();
        servers.forEach(s -> byKey.put(s.key(), s));
        for (ServerProcess.Spec s : servers) {
            for (String other : s.comparedWith()) {
                if (byKey.containsKey(other)) {
                    pairs.add(new ServerProcess.Spec[] {s, byKey.get(other)});
                }
            }
        }
        if (!pairs.isEmpty()) {
            out.append("\nRatios of medians (for µs and KiB rows lower is better, so < 1.00× favours the first):\n\n");
            out.append("| workload |");
            pairs.forEach(p -> out.append(' ').append(p[0].label()).append(" ÷ ").append(p[1].label()).append(" |"));
            out.append("\n|---|");
            pairs.forEach(p -> out.append("---:|"));
            out.append('\n');
            for (Row row : Row.values()) {
                if (!values.containsKey(row)) {
                    continue;
                }
                out.append("| ").append(row.label).append(" |");
                for (ServerProcess.Spec[] p : pairs) {
                    Stats mine = stats(row, p[0].key());
                    Stats theirs = stats(row, p[1].key());
                    boolean usable = mine.count() > 0 && theirs.count() > 0 && theirs.median() != 0;
                    out.append(usable ? " " + ratio(mine.median() / theirs.median()) + " |" : " — |");
                }
                out.append('\n');
            }
        }
        for (String note : notes) {
            out.append("\n- ").append(note);
        }
        if (!notes.isEmpty()) {
            out.append('\n');
        }
        return out.toString();
    }

    /** Two decimals, or two significant digits for tiny ratios (Tomcat's 16 MiB buffers make those). */
    static String ratio(double r) {
        return (r < 0.01 ? String.format(Locale.ROOT, "%.2g", r) : String.format(Locale.ROOT, "%.2f", r)) + "×";
    }

    static String format(double v) {
        if (Double.isNaN(v)) {
            return "—";
        }
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
