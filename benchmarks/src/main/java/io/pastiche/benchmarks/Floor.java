package io.pastiche.benchmarks;

import io.pastiche.network.ConvLayer;
import io.pastiche.network.NetworkSpec;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.plan.ConvForm;
import io.pastiche.spi.Backend;
import io.pastiche.spi.Backends;
import io.pastiche.spi.CompiledNetwork;
import io.pastiche.spi.CpuFeatures;
import io.pastiche.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How far each backend is from what this machine allows. The floor is the best rate at which any backend's engine
 * computes one of the network's convolution layers (each of the seven kinds of layer of
 * {@code NetworkSpec.standard(1.0)}, at the sizes it has for a 256 and a 1024 image, as {@link LayerBenchmark}
 * frames it: the layer with its CIN and activation, minus the frame alone, interleaved, median of the rounds; the
 * upsampling layers are shown but do not count, see {@link #countsForTheFloor}). The
 * network's floor time at a size is the arithmetic the backends do (the upsampling layers at the input's resolution,
 * 4/9 of their nominal count, {@link ConvForm#UPSAMPLE_PHASES}) at that rate; each backend's end-to-end time
 * ({@link EndToEnd}, its own JVM per size) is given as a ratio to it. Prints a markdown section (machine, CPU
 * features, the layer rates, the ratios) and writes it between the markers of docs/benchmarks.md.
 *
 * <pre>benchmarks/bench floor [--backends a,b] [--sizes 256,512,1024,2048] [--rounds 15] [--no-write]</pre>
 */
public final class Floor {

    public static final String BEGIN = "<!-- floor:begin (written by io.pastiche.benchmarks.Floor) -->";
    public static final String END = "<!-- floor:end -->";

    static final String USAGE = """
            Usage: Floor [options]
              --backends a,b             backends to measure (default: every available one)
              --sizes 256,512,1024,2048  image sides of the end-to-end part
              --layer-images 256,1024    image sides whose layer shapes are timed for the floor
              --rounds 15                timed calls of each layer and of its frame, interleaved
              --output docs/benchmarks.md   the file whose marked section is replaced
              --no-write                 print only
            """;
    private static final String LAYER = "PASTICHE-LAYER\t";
    private static final List<String> LAYERS = List.of("contract/conv1", "contract/conv2", "contract/conv3",
            "residual/residual1/conv1", "expand/conv1", "expand/conv2", "expand/conv3");

    private Floor() {
    }

    /** One layer's time on one backend at one image size: the layer in its frame, and the frame alone. */
    record LayerTime(String backend, String layer, int image, double layerMs, double frameMs) {

        /** The layer's own arithmetic over its own time; NaN if the frame took as long (noise). */
        double gflops() {
            double ms = layerMs - frameMs;
            return ms > 0 ? computedFlops(Fixtures.standardLayer(layer, image)) / (ms * 1e6) : Double.NaN;
        }

        String encode() {
            return LAYER + String.join("\t", backend, layer, Integer.toString(image), Double.toString(layerMs),
                    Double.toString(frameMs));
        }

        static LayerTime decode(String line) {
            String[] f = line.substring(LAYER.length()).split("\t");
            return new LayerTime(f[0], f[1], Integer.parseInt(f[2]), Double.parseDouble(f[3]),
                    Double.parseDouble(f[4]));
        }
    }

    /** The multiply-adds (x2) a layer's form computes: phases do 4 of every 9 of a nominal upsampling layer's. */
    static double computedFlops(Fixtures.LayerAt at) {
        double nominal = at.flops();
        return ConvForm.of(at.layer()) == ConvForm.UPSAMPLE_PHASES ? nominal * 4 / 9 : nominal;
    }

    /** The network's computed arithmetic at an image side, as {@link #computedFlops} counts it per layer. */
    static double networkFlops(int side) {
        double total = 0;
        int s = side;
        for (ConvLayer conv : NetworkSpec.standard(1.0).convolutions()) {
            total += computedFlops(new Fixtures.LayerAt(conv, s));
            s = conv.outputSize(s);
        }
        return total;
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 4 && args[0].equals("--child")) {
            child(args[1], integers(args[2]), Integer.parseInt(args[3]));
            return;
        }
        Map<String, String> options = new LinkedHashMap<>(Map.of("--sizes", "256,512,1024,2048",
                "--layer-images", "256,1024", "--rounds", "15", "--output", "docs/benchmarks.md"));
        boolean write = true;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--no-write")) {
                write = false;
            } else if (args[i].equals("--help") || !options.containsKey(args[i]) && !args[i].equals("--backends")
                    || i + 1 == args.length) {
                System.err.print(USAGE);
                System.exit(args[i].equals("--help") ? 0 : 2);
            } else {
                options.put(args[i], args[++i]);
            }
        }
        List<String> backends = options.containsKey("--backends")
                ? Arrays.asList(options.get("--backends").split(",")) : ListBackends.available(Backends.discover());
        List<Integer> sizes = integers(options.get("--sizes"));
        EndToEnd.Machine machine = EndToEnd.Machine.describe();
        List<LayerTime> layers = new ArrayList<>();
        for (String backend : backends) {
            System.err.println("Floor: layers on " + backend + "...");
            layers.addAll(forkLayers(backend, options.get("--layer-images"),
                    Integer.parseInt(options.get("--rounds"))));
        }
        EndToEnd.Options e2e = EndToEnd.parse("--sizes", options.get("--sizes"));
        List<EndToEnd.Result> networks = new ArrayList<>();
        for (String backend : backends) {
            for (int size : sizes) {
                System.err.printf(Locale.ROOT, "Floor: %s end to end at %d x %d...%n", backend, size, size);
                networks.add(EndToEnd.fork(backend, size, e2e));
            }
        }
        String section = table(machine, CpuFeatures.current(), layers, networks, sizes,
                "benchmarks/bench floor " + String.join(" ", args));
        System.out.print(section);
        if (write) {
            Sections.write(Path.of(options.get("--output")), BEGIN, END, section);
            System.err.println("Floor: written to " + options.get("--output"));
        }
    }

    static String table(EndToEnd.Machine machine, CpuFeatures cpu, List<LayerTime> layers,
                        List<EndToEnd.Result> networks, List<Integer> sizes, String command) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Measured %s on %s, %d cores seen by the JVM; %s; %s. Load average "
                        + "when it started: %s%s. Command: `%s`.%n%n", machine.date(), cpu.describe(), machine.cores(),
                machine.jdk(), machine.os(), machine.loadAverage(), machine.busy() ? " (**busy: not representative**)"
                        : "", command));
        md.append("CPU features: ").append(features(cpu)).append(".\n\n");
        List<String> backends = networks.stream().map(EndToEnd.Result::backend).distinct().toList();
        md.append("| layer (image side) | GFLOP |");
        backends.forEach(b -> md.append(' ').append(b).append(" GFLOP/s |"));
        md.append("\n|---|--:|").append("--:|".repeat(backends.size())).append('\n');
        LayerTime best = null;
        for (int image : layers.stream().map(LayerTime::image).distinct().sorted().toList()) {
            for (String layer : LAYERS) {
                md.append(String.format(Locale.ROOT, "| %s%s (%d) | %.3f |", layer,
                        countsForTheFloor(layer) ? "" : " *", image,
                        computedFlops(Fixtures.standardLayer(layer, image)) / 1e9));
                for (String backend : backends) {
                    LayerTime t = layers.stream().filter(l -> l.backend().equals(backend) && l.layer().equals(layer)
                            && l.image() == image).findFirst().orElse(null);
                    md.append(t == null || Double.isNaN(t.gflops()) ? " - |"
                            : String.format(Locale.ROOT, " %.0f |", t.gflops()));
                    if (t != null && !Double.isNaN(t.gflops()) && countsForTheFloor(layer)
                            && (best == null || t.gflops() > best.gflops())) {
                        best = t;
                    }
                }
                md.append('\n');
            }
        }
        if (best == null) {
            return md.append("\nNo layer was measured: no floor.\n").toString();
        }
        double floor = best.gflops();
        md.append(String.format(Locale.ROOT, "%n**Floor: %.0f GFLOP/s** (%s, %s at a %d image). A layer's rate "
                        + "counts the arithmetic its form computes (the upsampling layers' phases: 4/9 of the "
                        + "nominal count) over the layer's time with its CIN and activation, minus its frame. "
                        + "Layers marked * (upsampling) do not count for the floor: their frame upsamples a map "
                        + "the layer never makes, so their difference undercounts them.%n%n",
                floor, best.backend(), best.layer(), best.image()));
        md.append("| image | floor ms (computed GFLOP at the floor) |");
        backends.forEach(b -> md.append(' ').append(b).append(" ms (x floor) |"));
        md.append("\n|---|--:|").append("--:|".repeat(backends.size())).append('\n');
        for (int size : sizes) {
            double floorMs = networkFlops(size) / (floor * 1e6);
            md.append(String.format(Locale.ROOT, "| %d x %d | %,.0f (%.1f) |", size, size, floorMs,
                    networkFlops(size) / 1e9));
            for (String backend : backends) {
                EndToEnd.Result r = networks.stream().filter(n -> n.backend().equals(backend) && n.size() == size)
                        .findFirst().orElse(null);
                md.append(r == null || r.error() != null ? " failed |"
                        : String.format(Locale.ROOT, " %,.0f (x%.2f) |", r.medianMs(), r.medianMs() / floorMs));
            }
            md.append('\n');
        }
        if (sizes.contains(512) && sizes.contains(2048)) {
            md.append("\nCost per pixel from 512 to 2048:");
            for (String backend : backends) {
                double[] ms = sizes.stream().filter(s -> s == 512 || s == 2048).mapToDouble(s -> networks.stream()
                        .filter(n -> n.backend().equals(backend) && n.size() == s && n.error() == null)
                        .mapToDouble(EndToEnd.Result::medianMs).findFirst().orElse(Double.NaN)).toArray();
                md.append(String.format(Locale.ROOT, " %s %+.0f %%;", backend, 100 * (ms[1] / (16 * ms[0]) - 1)));
            }
            md.setLength(md.length() - 1);
            md.append(".\n");
        }
        return md.append(EndToEnd.jitNote(networks)).toString();
    }

    /**
     * Whether a layer's frame is the same work minus the layer. Not for the upsampling layers: their frame
     * upsamples its input for a 1x1 convolution where the layer's phases never make the upsampled map, so the
     * difference undercounts the layer and its rate comes out above what the engine can do (seen: 161 GFLOP/s
     * where the 3x3 128 -> 128 reached 117).
     */
    static boolean countsForTheFloor(String layer) {
        return ConvForm.of(Fixtures.standardLayer(layer, 256).layer()) != ConvForm.UPSAMPLE_PHASES;
    }

    /** The vector features that decide the engines' kernels. */
    static String features(CpuFeatures cpu) {
        if (!cpu.known()) {
            return "unknown";
        }
        List<String> present = new ArrayList<>();
        for (String flag : List.of("avx", "avx2", "fma", "f16c", "avx512f", "avx512bw", "avx512vl", "avx512_vnni",
                "avx512_bf16", "amx_tile", "avx_vnni")) {
            if (cpu.has(flag)) {
                present.add(flag);
            }
        }
        return (present.isEmpty() ? "none of AVX, AVX2, AVX-512" : String.join(" ", present)
                + (cpu.hasAll(CpuFeatures.AVX512) ? "" : ", no AVX-512")) + isaCap();
    }

    /** The cap benchmarks/bench puts on the engines' kernels when BENCH_ISA is set, so a capped table says so. */
    static String isaCap() {
        String cap = System.getenv("BENCH_ISA");
        return cap == null || cap.isBlank() ? "" : "; **kernels capped at " + cap.toUpperCase(Locale.ROOT)
                + "** (`BENCH_ISA=" + cap + "`)";
    }

    // ---- the measuring JVM: one per backend ----

    private static List<LayerTime> forkLayers(String backend, String images, int rounds) throws IOException {
        MeasuringJvm.Outcome outcome = MeasuringJvm.run(List.of(), EndToEnd.parse(), Floor.class,
                List.of("--child", backend, images, Integer.toString(rounds)), LAYER, 30);
        if (outcome.timedOut() || outcome.exitCode() != 0) {
            System.err.println("Floor: the layer run on " + backend + " failed; its layers are left out");
        }
        return outcome.results().stream().map(LayerTime::decode).toList();
    }

    private static void child(String backendName, List<Integer> images, int rounds) {
        try (Backend backend = Backends.discover().choose(backendName).open()) {
            for (int image : images) {
                for (String layer : LAYERS) {
                    Fixtures.LayerAt at = Fixtures.standardLayer(layer, image);
                    System.out.println(time(backend, backendName, layer, image, at, rounds).encode());
                    System.out.flush();
                }
            }
        }
        System.exit(0);
    }

    private static LayerTime time(Backend backend, String name, String layer, int image, Fixtures.LayerAt at,
                                  int rounds) {
        NetworkSpec withLayer = Fixtures.probe(at.layer(), false);
        NetworkSpec frame = Fixtures.probe(at.layer(), true);
        Tensor input = Fixtures.images(1, at.inputSide(), at.inputSide(), 2);
        try (CompiledNetwork a = backend.compile(withLayer, Fixtures.weights(withLayer, 1));
             CompiledNetwork b = backend.compile(frame, Fixtures.weights(frame, 1))) {
            List<StyleEmbedding> styleA = List.of(Fixtures.styles(withLayer, 1, 3).get(0));
            List<StyleEmbedding> styleB = List.of(Fixtures.styles(frame, 1, 3).get(0));
            for (int i = 0; i < 3; i++) {
                a.forward(input, styleA);
                b.forward(input, styleB);
            }
            double[] layerMs = new double[rounds];
            double[] frameMs = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                long t0 = System.nanoTime();
                a.forward(input, styleA);
                long t1 = System.nanoTime();
                b.forward(input, styleB);
                long t2 = System.nanoTime();
                layerMs[i] = (t1 - t0) / 1e6;
                frameMs[i] = (t2 - t1) / 1e6;
            }
            return new LayerTime(name, layer, image, median(layerMs), median(frameMs));
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static List<Integer> integers(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).map(Integer::parseInt).toList();
    }
}
