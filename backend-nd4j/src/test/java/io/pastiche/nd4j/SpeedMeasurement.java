package io.pastiche.nd4j;

import io.pastiche.model.Model;
import io.pastiche.network.NetworkSpec;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.spi.Backend;
import io.pastiche.spi.Backends;
import io.pastiche.spi.CompiledNetwork;
import io.pastiche.spi.Tensor;
import io.pastiche.testkit.RandomModels;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Not a test (no timing assertions anywhere): the speed table of docs/backend-nd4j.md. For each engine named (nd4j,
 * djl, tensorflow; all three by default), in one JVM: the layers of {@link LayerTimer} on one image, then the whole
 * network ({@code NetworkSpec.standard(1.0)}) at 256 x 256 through the backend. Each figure is the median of 10
 * calls after 3 warm-up calls.
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

    private static double median(Runnable call) {
        for (int i = 0; i < 3; i++) {
            call.run();
        }
        double[] times = new double[10];
        for (int i = 0; i < times.length; i++) {
            long t = System.nanoTime();
            call.run();
            times[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(times);
        return (times[4] + times[5]) / 2;
    }
}
