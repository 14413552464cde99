package io.pastiche.nd4j;

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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Not a test (no timing assertions anywhere): the speed table of docs/backend-nd4j.md. For each engine named (nd4j,
 * djl, tensorflow; all three by default), in one JVM: the layers of {@link LayerTimer} on one image, then the whole
 * network ({@code NetworkSpec.standard(1.0)}) at 256 x 256 through the backend, each the median of 10 calls after 3
 * warm-up calls. With {@code -Dpastiche.vgg=vgg19-features.safetensors}, also a training step as the other
 * backends' benchmarks measure it: batch 4 at 128 x 128, {@code NetworkSpec.standard(0.5)}, VGG-19 (average
 * pooling, torchvision normalisation), {@code LossSpec.vgg19(2e-5)}, weight gradients on; median of 5 after 2.
 *
 * <pre>java -cp "$(test class path)" io.pastiche.nd4j.SpeedMeasurement [nd4j] [djl] [tensorflow]</pre>
 */
public final class SpeedMeasurement {

    private SpeedMeasurement() {
    }

    public static void main(String[] args) throws Exception {
        List<String> engines = args.length > 0 ? Arrays.asList(args) : List.of("nd4j", "djl", "tensorflow");
        System.out.println("engine | 9x9 3->32 @256 | 3x3 128->128 @64 | CIN+ReLU 128 @64 | network @256");
        for (String name : engines) {
            try (Backend backend = Backends.discover().choose(name).open(); LayerTimer layers = timer(name)) {
                double conv9 = median(layers.convolution(3, 32, 9, 256));
                double conv3 = median(layers.convolution(128, 128, 3, 64));
                double cin = median(layers.instanceNorm(128, 64));
                double network = network(backend);
                System.out.printf(Locale.ROOT, "%s | %.1f ms | %.1f ms | %.2f ms | %.0f ms%n", name, conv9, conv3, cin,
                        network);
                String vgg = System.getProperty("pastiche.vgg");
                if (vgg != null) {
                    System.out.printf(Locale.ROOT, "%s training step, batch 4 at 128 x 128: %.0f ms%n", name,
                            training(backend, Path.of(vgg)));
                }
            }
        }
    }

    private static LayerTimer timer(String name) {
        Supplier<LayerTimer> timer = switch (name) {
            case "nd4j" -> Nd4jLayerTimer::new;
            case "djl" -> DjlLayerTimer::new;
            case "tensorflow" -> TfLayerTimer::new;
            default -> throw new IllegalArgumentException("no layer timer for " + name);
        };
        return timer.get();
    }

    private static double network(Backend backend) {
        NetworkSpec spec = NetworkSpec.standard(1.0);
        Model model = RandomModels.model(spec, 2, 1);
        List<StyleEmbedding> style = List.of(model.cin().embedding(0));
        Tensor image = RandomModels.images(1, 256, 256, 2);
        try (CompiledNetwork network = backend.compile(spec, model.weights())) {
            return median(() -> network.forward(image, style));
        }
    }

    private static double training(Backend backend, Path vgg) throws java.io.IOException {
        LossNetwork lossNetwork = VggWeightsFile.read(vgg, VggSpec.vgg19(), Pooling.AVERAGE,
                InputNormalization.TORCHVISION);
        NetworkSpec half = NetworkSpec.standard(0.5);
        Model model = RandomModels.model(half, 4, 3);
        try (TrainingGraph graph = backend.compileTraining(half, lossNetwork, LossSpec.vgg19(2e-5))) {
            List<List<float[]>> targets = Collections.nCopies(4, graph.styleGrams(RandomModels.images(1, 256, 256, 4)));
            Tensor content = RandomModels.images(4, 128, 128, 5);
            List<StyleEmbedding> styles = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                styles.add(model.cin().embedding(i));
            }
            List<float[]> weights = model.weights();
            return median(2, 5, () -> graph.lossAndGradients(weights, content, styles, targets, true));
        }
    }

    private static double median(Runnable call) {
        return median(3, 10, call);
    }

    private static double median(int warmUp, int runs, Runnable call) {
        for (int i = 0; i < warmUp; i++) {
            call.run();
        }
        double[] times = new double[runs];
        for (int i = 0; i < times.length; i++) {
            long t = System.nanoTime();
            call.run();
            times[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(times);
        return runs % 2 == 1 ? times[runs / 2] : (times[runs / 2 - 1] + times[runs / 2]) / 2;
    }
}
