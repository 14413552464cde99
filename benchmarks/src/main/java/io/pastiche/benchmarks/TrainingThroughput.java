package io.pastiche.benchmarks;

import io.pastiche.loss.LossSpec;
import io.pastiche.lossnet.InputNormalization;
import io.pastiche.lossnet.LossNetwork;
import io.pastiche.lossnet.Pooling;
import io.pastiche.lossnet.VggSpec;
import io.pastiche.lossnet.VggWeightsFile;
import io.pastiche.network.NetworkSpec;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.spi.Backend;
import io.pastiche.spi.Backends;
import io.pastiche.spi.TrainingGraph;
import io.pastiche.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Training throughput, the configuration PyTorch is compared at ({@code benchmarks/bench pytorch train}): one
 * {@code TrainingGraph.lossAndGradients} call per step with gradients of every weight and gamma/beta, on a batch of
 * random photos with one style each, VGG-19 from its real weights file (average pooling, torchvision
 * normalisation) up to relu4_1, {@code LossSpec.vgg19(2e-5)}; the median of 10 steps after a warm-up of at least 2
 * steps and at least {@code --warmup-seconds} (10 by default: with 2 steps, about a second, nd4j's Java passes still
 * ran partly interpreted and its median was 15 % slower), each backend in its own JVM. Adam's update (plain Java in
 * {@code Trainer}, under 1 % of a step) is not included.
 *
 * <pre>
 * benchmarks/bench train-throughput [--backends a,b] [--side 128] [--alpha 0.5] [--batch 4] [--vgg FILE]
 *                                   [--warmup-seconds 10]
 * </pre>
 */
public final class TrainingThroughput {

    private static final String RESULT = "PASTICHE-TRAINING\t";
    private static final int WARM_UP = 2;
    private static final int STEPS = 10;

    private TrainingThroughput() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of("--side", "128", "--alpha", "0.5", "--batch", "4",
                "--vgg", "../shared/data/vgg/vgg19-features.safetensors", "--warmup-seconds", "10"));
        for (int i = 0; i < args.length; i++) {
            if (i + 1 == args.length || !options.containsKey(args[i]) && !args[i].equals("--backends")
                    && !args[i].equals("--child")) {
                throw usage("unknown option or missing value: " + args[i]);
            }
            options.put(args[i], args[++i]);
        }
        int side = wholeNumber(options, "--side");
        double alpha = number(options, "--alpha", false);
        int batch = wholeNumber(options, "--batch");
        Path vgg = Path.of(options.get("--vgg"));
        double warmupSeconds = number(options, "--warmup-seconds", true);
        if (options.containsKey("--child")) {
            System.out.println(RESULT + measure(options.get("--child"), vgg, side, alpha, batch, warmupSeconds));
            System.exit(0);
        }
        List<String> backends = options.containsKey("--backends")
                ? Arrays.asList(options.get("--backends").split(",")) : ListBackends.available(Backends.discover());
        System.out.printf(Locale.ROOT, "Training, %d x %d, alpha %s, batch %d, VGG-19 to relu4_1 (%s); %s%n", side,
                side, options.get("--alpha"), batch, vgg, EndToEnd.Machine.describe().cpu());
        for (String backend : backends) {
            List<String> childArgs = new ArrayList<>(List.of("--child", backend));
            options.forEach((k, v) -> {
                if (!k.equals("--backends")) {
                    childArgs.addAll(List.of(k, v));
                }
            });
            MeasuringJvm.Outcome outcome = MeasuringJvm.run(List.of(), EndToEnd.parse(), TrainingThroughput.class,
                    childArgs, RESULT, 60);
            System.out.println(outcome.results().isEmpty() ? backend + ": no result (see the output above)"
                    : outcome.results().get(0).substring(RESULT.length()));
        }
    }

    private static int wholeNumber(Map<String, String> options, String name) {
        try {
            int value = Integer.parseInt(options.get(name));
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw usage(name + " must be a whole number of at least 1, got " + options.get(name));
    }

    private static double number(Map<String, String> options, String name, boolean zeroAllowed) {
        try {
            double value = Double.parseDouble(options.get(name));
            if (zeroAllowed ? value >= 0 : value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw usage(name + " must be a number " + (zeroAllowed ? "of at least 0" : "above 0") + ", got "
                + options.get(name));
    }

    /** Prints the problem and the usage and exits with status 2; returns only for the compiler's sake. */
    private static IllegalStateException usage(String problem) {
        System.err.println("TrainingThroughput: " + problem);
        System.err.println("Usage: TrainingThroughput [--backends a,b] [--side 128] [--alpha 0.5] [--batch 4] "
                + "[--vgg FILE] [--warmup-seconds 10]");
        System.exit(2);
        return new IllegalStateException(problem);
    }

    private static String measure(String name, Path vggFile, int side, double alpha, int batch, double warmupSeconds)
            throws IOException {
        LossNetwork vgg = VggWeightsFile.read(vggFile, VggSpec.vgg19(), Pooling.AVERAGE,
                InputNormalization.TORCHVISION);
        NetworkSpec spec = NetworkSpec.standard(alpha);
        List<float[]> weights = Fixtures.weights(spec, 1);
        List<StyleEmbedding> styles = Fixtures.styles(spec, batch, 3);
        Tensor photos = Fixtures.images(batch, side, side, 2);
        try (Backend backend = Backends.discover().choose(name).open();
             TrainingGraph graph = backend.compileTraining(spec, vgg, LossSpec.vgg19(2e-5))) {
            List<List<float[]>> targets = Collections.nCopies(batch,
                    graph.styleGrams(Fixtures.images(1, 256, 256, 4)));
            int warmup = 0;
            long warmUntil = System.nanoTime() + (long) (warmupSeconds * 1e9);
            while (warmup < WARM_UP || System.nanoTime() < warmUntil) {
                graph.lossAndGradients(weights, photos, styles, targets, true);
                warmup++;
            }
            double[] seconds = new double[STEPS];
            for (int i = 0; i < STEPS; i++) {
                long start = System.nanoTime();
                graph.lossAndGradients(weights, photos, styles, targets, true);
                seconds[i] = (System.nanoTime() - start) / 1e9;
            }
            Arrays.sort(seconds);
            double median = (seconds[(STEPS - 1) / 2] + seconds[STEPS / 2]) / 2;
            return String.format(Locale.ROOT,
                    "%s: median %.3f s per step (min %.3f, max %.3f), %.2f images/s; %d + %d steps", name, median,
                    seconds[0], seconds[STEPS - 1], batch / median, warmup, STEPS);
        }
    }
}
