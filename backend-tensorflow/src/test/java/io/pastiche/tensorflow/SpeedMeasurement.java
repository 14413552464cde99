package io.pastiche.tensorflow;

import io.pastiche.loss.LossSpec;
import io.pastiche.lossnet.InputNormalization;
import io.pastiche.lossnet.LossNetwork;
import io.pastiche.lossnet.Pooling;
import io.pastiche.lossnet.VggSpec;
import io.pastiche.lossnet.VggWeightsFile;
import io.pastiche.model.Model;
import io.pastiche.network.NetworkSpec;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.spi.Backend;
import io.pastiche.spi.Backends;
import io.pastiche.spi.CompiledNetwork;
import io.pastiche.tensor.Tensor;
import io.pastiche.spi.TrainingGraph;
import io.pastiche.testkit.RandomModels;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Not a test (no timing assertions anywhere): the numbers of docs/backend-tensorflow.md. Runs any backend found on
 * the class path, so the same program measures the others:
 *
 * <pre>java -cp "$(test class path)" io.pastiche.tensorflow.SpeedMeasurement tensorflow [vgg19.safetensors]</pre>
 *
 * Inference: {@code NetworkSpec.standard(1.0)}, one image: the first call, then the median of 10 calls after 3 warm-up
 * calls, at 256 and 512; throughput of 1 and 8 threads sharing the compiled network.
 * Training: {@code lossAndGradients} with weight gradients, batch 4 at 128 x 128, {@code NetworkSpec.standard(0.5)},
 * VGG-19 (average pooling, torchvision normalisation) with {@code LossSpec.vgg19(2e-5)}, median of 5 after 2.
 */
public final class SpeedMeasurement {

    private SpeedMeasurement() {
    }

    public static void main(String[] args) throws Exception {
        String name = args.length > 0 ? args[0] : TensorflowBackendProvider.NAME;
        Path vgg = Path.of(args.length > 1 ? args[1] : "../../shared/data/vgg/vgg19-features.safetensors");
        long start = System.nanoTime();
        try (Backend backend = Backends.discover().choose(name).open()) {
            System.out.printf(Locale.ROOT, "%s: open %.0f ms%n", name, (System.nanoTime() - start) / 1e6);
            NetworkSpec spec = NetworkSpec.standard(1.0);
            Model model = RandomModels.model(spec, 2, 1);
            List<StyleEmbedding> style = List.of(model.cin().embedding(0));
            start = System.nanoTime();
            try (CompiledNetwork network = backend.compile(spec, model.weights())) {
                System.out.printf(Locale.ROOT, "compile %.0f ms%n", (System.nanoTime() - start) / 1e6);
                Tensor first = RandomModels.images(1, 256, 256, 2);
                start = System.nanoTime();
                network.forward(first, style);
                System.out.printf(Locale.ROOT, "first forward 256x256 %.0f ms%n", (System.nanoTime() - start) / 1e6);
                for (int side : new int[] {256, 512}) {
                    Tensor image = RandomModels.images(1, side, side, 2);
                    long cpu = processCpuNanos();
                    double ms = median(3, 10, () -> network.forward(image, style));
                    double cpuMs = (processCpuNanos() - cpu) / 13 / 1e6;
                    System.out.printf(Locale.ROOT, "forward %dx%d: median %.0f ms, %.0f GFLOP/s; process CPU %.0f ms "
                            + "a call%n", side, side, ms, spec.flops(side, side) / ms / 1e6, cpuMs);
                }
                for (int callers : new int[] {1, 8}) {
                    System.out.printf(Locale.ROOT, "%d concurrent callers, 256x256: %.1f images/s%n", callers,
                            throughput(callers, 24, () -> network.forward(first, style)));
                }
            }
            if (!vgg.toFile().exists()) {
                System.out.println("no " + vgg + ": training not measured");
                return;
            }
            LossNetwork lossNetwork = VggWeightsFile.read(vgg, VggSpec.vgg19(), Pooling.AVERAGE,
                    InputNormalization.TORCHVISION);
            NetworkSpec half = NetworkSpec.standard(0.5);
            Model small = RandomModels.model(half, 4, 3);
            LossSpec loss = LossSpec.vgg19(2e-5);
            try (TrainingGraph graph = backend.compileTraining(half, lossNetwork, loss)) {
                List<float[]> grams = graph.styleGrams(RandomModels.images(1, 256, 256, 4));
                List<List<float[]>> targets = Collections.nCopies(4, grams);
                Tensor content = RandomModels.images(4, 128, 128, 5);
                List<StyleEmbedding> styles = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    styles.add(small.cin().embedding(i));
                }
                List<float[]> weights = small.weights();
                long cpu = processCpuNanos();
                double ms = median(2, 5, () -> graph.lossAndGradients(weights, content, styles, targets, true));
                double cpuMs = (processCpuNanos() - cpu) / 7 / 1e6;
                System.out.printf(Locale.ROOT, "training step, batch 4 at 128x128: median %.0f ms, %.1f images/s; "
                        + "process CPU %.0f ms a step%n", ms, 4000 / ms, cpuMs);
                double styleOnly = median(1, 3, () -> graph.lossAndGradients(weights, content, styles, targets,
                        false));
                System.out.printf(Locale.ROOT, "  without weight gradients: median %.0f ms%n", styleOnly);
            }
        }
    }

    /**
     * CPU time of the whole process: independent of how much of a shared machine the process got, so engines can be
     * compared on a loaded machine, single-threaded (with more threads it also counts time spent spinning).
     */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Images per second when {@code callers} threads share {@code calls} calls. */
    private static double throughput(int callers, int calls, Runnable call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<?>> done = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                done.add(pool.submit(call));
            }
            for (Future<?> f : done) {
                f.get();
            }
            return calls / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    private static double median(int warmUp, int runs, Runnable call) {
        for (int i = 0; i < warmUp; i++) {
            call.run();
        }
        double[] times = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            call.run();
            times[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(times);
        return times[runs / 2];
    }
}
