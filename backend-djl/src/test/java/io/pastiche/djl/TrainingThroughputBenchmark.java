package io.pastiche.djl;

import static org.assertj.core.api.Assumptions.assumeThat;

import io.pastiche.loss.LossSpec;
import io.pastiche.lossnet.InputNormalization;
import io.pastiche.lossnet.LossNetwork;
import io.pastiche.lossnet.Pooling;
import io.pastiche.lossnet.VggSpec;
import io.pastiche.lossnet.VggWeightsFile;
import io.pastiche.model.Model;
import io.pastiche.network.NetworkSpec;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.tensor.Tensor;
import io.pastiche.spi.TrainingGraph;
import io.pastiche.testkit.RandomModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Training throughput of {@code lossAndGradients} with the real VGG-19; a measurement, not a test: it asserts
 * nothing and runs only when asked, for example
 * {@code mvn -o -pl backend-djl test -Dtest=TrainingThroughputBenchmark -Dpastiche.benchmark=128:0.5:4,256:1.0:4}
 * (side:alpha:batch, comma-separated). Prints the median over 5 calls after 2 warm-up calls.
 */
@EnabledIfSystemProperty(named = "pastiche.benchmark", matches = ".+")
class TrainingThroughputBenchmark {

    private static final int WARM_UP = 2;
    private static final int CALLS = 5;

    @Test
    void lossAndGradientsWithVgg19() throws IOException {
        Path file = RealVgg.file();
        assumeThat(Files.isReadable(file)).as("needs " + file).isTrue();
        LossNetwork vgg = VggWeightsFile.read(file, VggSpec.vgg19(), Pooling.AVERAGE, InputNormalization.TORCHVISION);
        LossSpec loss = LossSpec.vgg19(2e-5);
        for (String setup : System.getProperty("pastiche.benchmark").split(",")) {
            String[] parts = setup.split(":");
            run(vgg, loss, Integer.parseInt(parts[0]), Double.parseDouble(parts[1]), Integer.parseInt(parts[2]),
                    parts.length < 4 || Boolean.parseBoolean(parts[3]));
        }
    }

    /** VmHWM of Linux's /proc/self/status, or "unknown". */
    private static String peakResident() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return line.substring(6).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return "unknown";
    }

    private static void run(LossNetwork vgg, LossSpec loss, int side, double alpha, int batch, boolean weights) {
        NetworkSpec spec = NetworkSpec.standard(alpha);
        Model model = RandomModels.model(spec, batch, 1);
        List<StyleEmbedding> styles = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            styles.add(model.cin().embedding(b));
        }
        Tensor content = RandomModels.images(batch, side, side, 2);
        try (TrainingGraph graph = DjlTesting.backend().compileTraining(spec, vgg, loss)) {
            List<List<float[]>> targets = Collections.nCopies(batch,
                    graph.styleGrams(RandomModels.images(1, 256, 256, 3)));
            for (int i = 0; i < WARM_UP; i++) {
                graph.lossAndGradients(model.weights(), content, styles, targets, weights);
            }
            double[] seconds = new double[CALLS];
            for (int i = 0; i < CALLS; i++) {
                long start = System.nanoTime();
                graph.lossAndGradients(model.weights(), content, styles, targets, weights);
                seconds[i] = (System.nanoTime() - start) / 1e9;
            }
            Arrays.sort(seconds);
            double median = seconds[CALLS / 2];
            System.out.printf("BENCHMARK %dx%d alpha %.2f batch %d weightGradients %b: median %.3f s per call "
                    + "(min %.3f, max %.3f), %.2f images/s; process peak resident %s%n", side, side, alpha, batch,
                    weights, median, seconds[0], seconds[CALLS - 1], batch / median, peakResident());
        }
    }
}
