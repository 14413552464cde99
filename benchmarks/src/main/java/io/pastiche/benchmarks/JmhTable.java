package io.pastiche.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Turns JMH's JSON results ({@code -rf json}) into the markdown tables of docs/benchmarks.md, written between
 * {@value #BEGIN} and {@value #END} (atomically) and printed on stdout. For the SPI benchmarks it subtracts the frame
 * ({@code variant=frame}) from the layer ({@code variant=layer}) and gives the layer's effective GFLOP/s.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.pastiche.benchmarks.JmhTable results.json [--output FILE | --no-write]</pre>
 */
public final class JmhTable {

    public static final String BEGIN = "<!-- jmh:begin (written by io.pastiche.benchmarks.JmhTable) -->";
    public static final String END = "<!-- jmh:end -->";

    private JmhTable() {
    }

    /** One JMH result: the class's simple name, the method, the parameters, the score and its 99.9 % error. */
    public record Row(String benchmark, String method, Map<String, String> params, double score, double error,
                      String unit, int forks, int warmups, int iterations) {

        String param(String name) {
            return params.getOrDefault(name, "");
        }

        /** The parameters but {@code variant}, to pair a layer with its frame. */
        Map<String, String> withoutVariant() {
            Map<String, String> rest = new LinkedHashMap<>(params);
            rest.remove("variant");
            return rest;
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args[0].startsWith("-")) {
            System.err.println("Usage: JmhTable results.json [--output docs/benchmarks.md | --no-write]");
            System.exit(2);
        }
        Path output = Path.of("docs", "benchmarks.md");
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--no-write" -> output = null;
                case "--output" -> output = Path.of(args[++i]);
                default -> {
                    System.err.println("JmhTable: unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        String tables = tables(read(Path.of(args[0])), EndToEnd.Machine.describe());
        System.out.print(tables);
        if (output != null) {
            Sections.write(output, BEGIN, END, tables);
            System.err.println("JmhTable: tables written to " + output);
        }
    }

    /** Reads JMH's JSON result file. */
    public static List<Row> read(Path json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(Files.readString(json, StandardCharsets.UTF_8));
        List<Row> rows = new ArrayList<>();
        for (JsonNode node : root) {
            String full = node.path("benchmark").asText();
            String[] parts = full.split("\\.");
            Map<String, String> params = new LinkedHashMap<>();
            node.path("params").properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));
            JsonNode metric = node.path("primaryMetric");
            double error = metric.path("scoreError").asDouble(Double.NaN);
            rows.add(new Row(parts[parts.length - 2], parts[parts.length - 1], params,
                    metric.path("score").asDouble(), error, metric.path("scoreUnit").asText(),
                    node.path("forks").asInt(), node.path("warmupIterations").asInt(),
                    node.path("measurementIterations").asInt()));
        }
        return rows;
    }

    /** The markdown: the settings, then one table per benchmark class. */
    public static String tables(List<Row> rows, EndToEnd.Machine machine) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Tables written %s on %s, %d cores, %s; %s.", machine.date(),
                machine.cpu(), machine.cores(), machine.jdk(), machine.os()));
        if (!rows.isEmpty()) {
            Row first = rows.get(0);
            md.append(String.format(Locale.ROOT, " JMH: %d fork(s), %d warm-up and %d measurement iterations per "
                    + "benchmark (of the first row; see the JSON for each).", first.forks(), first.warmups(),
                    first.iterations()));
        }
        md.append(" Times are JMH's average time per operation, with its 99.9 % error where it has one.\n");
        List<Row> layers = of(rows, "LayerBenchmark");
        if (!layers.isEmpty()) {
            md.append("\n**Layers through the SPI** (`LayerBenchmark`): the layer in its frame, the frame alone, and "
                    + "the difference, with the layer's GFLOP/s from that difference.\n\n");
            md.append("| layer | input | backend | layer + frame ms | frame ms | layer ms (difference) | layer GFLOP "
                    + "| GFLOP/s |\n|---|---|---|--:|--:|--:|--:|--:|\n");
            for (Pair p : pairs(layers)) {
                Fixtures.LayerAt at = Fixtures.standardLayer(p.row().param("layer"),
                        Integer.parseInt(p.row().param("image")));
                double gflop = at.flops() / 1e9;
                md.append(String.format(Locale.ROOT, "| %s (%s) | %d x %d | %s | %s | %s | %s | %.3f | %s |%n",
                        p.row().param("layer"), describe(at), at.inputSide(), at.inputSide(),
                        p.row().param("backend"), score(p.layer()), score(p.frame()), difference(p),
                        gflop, p.difference() > 0 ? String.format(Locale.ROOT, "%.0f", gflop / p.difference() * 1e3)
                                : "-"));
            }
        }
        List<Row> cin = of(rows, "CinBenchmark");
        if (!cin.isEmpty()) {
            md.append("\n**CIN of 128 channels through the SPI** (`CinBenchmark`): the spec with the 128-channel CIN, "
                    + "the frame without it, and the difference.\n\n");
            md.append("| operation | side | backend | with CIN ms | frame ms | difference ms |\n"
                    + "|---|---|---|--:|--:|--:|\n");
            for (Pair p : pairs(cin)) {
                md.append(String.format(Locale.ROOT, "| %s | %s x %s | %s | %s | %s | %s |%n", p.row().method(),
                        p.row().param("side"), p.row().param("side"), p.row().param("backend"), score(p.layer()),
                        score(p.frame()), difference(p)));
            }
        }
        List<Row> javaCin = of(rows, "JavaCinBenchmark");
        if (!javaCin.isEmpty()) {
            md.append("\n**CIN of 128 channels in plain Java** (`JavaCinBenchmark`: one thread; `inPlace`, "
                    + "`inPlaceChannelsLast` and `maskedChannelsLast`, the passes djl and nd4j run, on every "
                    + "core).\n\n");
            md.append("| operation | side | ms |\n|---|---|--:|\n");
            for (Row r : javaCin) {
                md.append(String.format(Locale.ROOT, "| %s | %s x %s | %s |%n", r.method(), r.param("side"),
                        r.param("side"), score(r)));
            }
        }
        List<Row> javaConv = of(rows, "JavaConvBenchmark");
        if (!javaConv.isEmpty()) {
            md.append("\n**Convolution in plain Java** (`JavaConvBenchmark`, one thread, reflect pad + "
                    + "convolution, no CIN).\n\n");
            md.append("| layer | input | ms | GFLOP/s |\n|---|---|--:|--:|\n");
            for (Row r : javaConv) {
                Fixtures.LayerAt at = Fixtures.standardLayer(r.param("layer"), Integer.parseInt(r.param("image")));
                md.append(String.format(Locale.ROOT, "| %s (%s) | %d x %d | %s | %.1f |%n", r.param("layer"),
                        describe(at), at.inputSide(), at.inputSide(), score(r), at.flops() / 1e6 / r.score()));
            }
        }
        List<Row> other = rows.stream().filter(r -> !List.of("LayerBenchmark", "CinBenchmark", "JavaCinBenchmark",
                "JavaConvBenchmark").contains(r.benchmark())).toList();
        if (!other.isEmpty()) {
            md.append("\n**Other benchmarks**\n\n| benchmark | parameters | score |\n|---|---|--:|\n");
            for (Row r : other) {
                md.append(String.format(Locale.ROOT, "| %s.%s | %s | %s %s |%n", r.benchmark(), r.method(),
                        r.params(), score(r), r.unit()));
            }
        }
        return md.toString();
    }

    private static List<Row> of(List<Row> rows, String benchmark) {
        return rows.stream().filter(r -> r.benchmark().equals(benchmark)).toList();
    }

    /** A layer row and its frame row (either may be missing). */
    record Pair(Row layer, Row frame) {
        Row row() {
            return layer != null ? layer : frame;
        }

        double difference() {
            return layer == null || frame == null ? Double.NaN : layer.score() - frame.score();
        }
    }

    private static List<Pair> pairs(List<Row> rows) {
        Map<String, Row[]> byKey = new LinkedHashMap<>();
        for (Row r : rows) {
            String key = r.method() + r.withoutVariant();
            Row[] pair = byKey.computeIfAbsent(key, k -> new Row[2]);
            pair[Objects.equals(r.param("variant"), "frame") ? 1 : 0] = r;
        }
        return byKey.values().stream().map(p -> new Pair(p[0], p[1])).toList();
    }

    private static String describe(Fixtures.LayerAt at) {
        var l = at.layer();
        return (l.upsample() == 2 ? "upsample x2, " : "") + l.kernel() + "x" + l.kernel()
                + (l.stride() == 2 ? "/2" : "") + " " + l.inChannels() + "->" + l.outChannels();
    }

    private static String score(Row r) {
        if (r == null) {
            return "-";
        }
        String s = number(r.score());
        return Double.isFinite(r.error()) ? s + " ± " + number(r.error()) : s;
    }

    private static String difference(Pair p) {
        return Double.isNaN(p.difference()) ? "-" : number(p.difference());
    }

    private static String number(double v) {
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a >= 100 ? "%,.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f", v);
    }
}
