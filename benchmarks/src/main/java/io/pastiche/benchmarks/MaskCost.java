package io.pastiche.benchmarks;

import io.pastiche.StyleMask;
import io.pastiche.StyleMix;
import io.pastiche.network.NetworkSpec;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.spi.Backend;
import io.pastiche.spi.Backends;
import io.pastiche.spi.CompiledNetwork;
import io.pastiche.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a style mask costs: the full-width network on one SIDE x SIDE picture, plain (one style) and with a mask of
 * three soft-edged regions over three styles, the two calls alternating in one JVM so that the machine's drift
 * touches both alike. Prints one table row: the median of each and their ratio. Run by
 * {@code benchmarks/bench mask-cost BACKEND SIDE [ROUNDS]}; {@code -Dpastiche.bench.verbose=true} prints every time.
 */
public final class MaskCost {

    private MaskCost() {
    }

    public static void main(String[] args) {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: MaskCost BACKEND SIDE [ROUNDS]");
            System.exit(2);
        }
        String backend = args[0];
        int side = Integer.parseInt(args[1]);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        NetworkSpec spec = NetworkSpec.standard(1.0);
        List<StyleEmbedding> styles = Fixtures.styles(spec, 3, 2);
        Tensor image = Fixtures.images(1, side, side, 3);
        StyleMask mask = threeRegions(side, side).feathered(side / 40);
        try (Backend engine = Backends.discover().choose(backend).open();
             CompiledNetwork network = engine.compile(spec, Fixtures.weights(spec, 1))) {
            List<StyleEmbedding> plainStyle = List.of(styles.get(0));
            Runnable plainCall = () -> network.forward(image, plainStyle);
            Runnable maskedCall = () -> network.forward(image, mask, styles);
            plainCall.run();
            maskedCall.run();
            List<Double> plain = new ArrayList<>();
            List<Double> masked = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                // alternate which goes first, so neither always follows the other
                if (round % 2 == 0) {
                    plain.add(time(plainCall));
                    masked.add(time(maskedCall));
                } else {
                    masked.add(time(maskedCall));
                    plain.add(time(plainCall));
                }
            }
            if (Boolean.getBoolean("pastiche.bench.verbose")) {
                System.err.println("plain ms " + plain + "\nmasked ms " + masked);
            }
            double p = median(plain);
            double m = median(masked);
            System.out.printf(Locale.ROOT, "| %s | %d x %d | %.0f | %.0f | %.3f |%n", engine.name(), side, side,
                    p, m, m / p);
        }
    }

    /** Three regions, one style each: the left third, and the top and bottom halves of the rest. */
    static StyleMask threeRegions(int width, int height) {
        BufferedImage labels = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                labels.setRGB(x, y, x < width / 3 ? 0xff0000 : y < height / 2 ? 0x00ff00 : 0x0000ff);
            }
        }
        Map<Integer, StyleMix> regions = new LinkedHashMap<>();
        regions.put(0xff0000, StyleMix.of(0));
        regions.put(0x00ff00, StyleMix.of(1));
        regions.put(0x0000ff, StyleMix.of(2));
        return StyleMask.ofLabels(labels, regions);
    }

    private static double time(Runnable call) {
        long start = System.nanoTime();
        call.run();
        return (System.nanoTime() - start) / 1e6;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
