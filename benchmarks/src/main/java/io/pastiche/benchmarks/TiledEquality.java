package io.pastiche.benchmarks;

import io.pastiche.memory.MemoryEstimate;
import io.pastiche.network.NetworkSpec;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.spi.Backend;
import io.pastiche.spi.Backends;
import io.pastiche.spi.CompiledNetwork;
import io.pastiche.tensor.Tensor;
import io.pastiche.tiling.TilePlan;
import io.pastiche.tiling.TiledExecution;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The full-width network on one picture, whole and in the tiles a budget plans, on one backend: the largest
 * difference of the two outputs in 0..255 (each value rounded to 8 bits as an image would be), and how many values
 * differ at all. Run by {@code benchmarks/bench tiled-equality BACKEND WIDTH HEIGHT BUDGET}.
 */
public final class TiledEquality {

    private TiledEquality() {
    }

    public static void main(String[] args) {
        if (args.length != 4) {
            System.err.println("usage: TiledEquality BACKEND WIDTH HEIGHT BUDGET-BYTES");
            System.exit(2);
        }
        String backend = args[0];
        int width = Integer.parseInt(args[1]);
        int height = Integer.parseInt(args[2]);
        long budget = Long.parseLong(args[3]);
        NetworkSpec spec = NetworkSpec.standard(1.0);
        List<StyleEmbedding> styles = Fixtures.styles(spec, 2, 2);
        Tensor image = Fixtures.images(1, height, width, 3);
        try (Backend engine = Backends.discover().choose(backend).open();
             CompiledNetwork network = engine.compile(spec, Fixtures.weights(spec, 1))) {
            TilePlan plan = TilePlan.choose(spec, 1, height, width, budget,
                    MemoryEstimate.forward(spec, 1, height, width), Long.MAX_VALUE / 4).orElseThrow(
                            () -> new IllegalArgumentException("the whole call fits the budget: give a smaller one"))
                    .capped(engine.mostTileValues());
            for (StyleEmbedding style : styles) {
                Tensor whole = network.forward(image, List.of(style));
                Tensor tiled = TiledExecution.run(network, image, List.of(style),
                        plan.options(Path.of(System.getProperty("java.io.tmpdir"))));
                int largest = 0;
                long differing = 0;
                for (int c = 0; c < 3; c++) {
                    for (int y = 0; y < height; y++) {
                        for (int x = 0; x < width; x++) {
                            int a = toByte(whole.data()[whole.index(0, c, y, x)]);
                            int b = toByte(tiled.data()[tiled.index(0, c, y, x)]);
                            largest = Math.max(largest, Math.abs(a - b));
                            differing += a != b ? 1 : 0;
                        }
                    }
                }
                System.out.printf(Locale.ROOT, "| %d x %d | %s | bands of %d rows, tiles of at most %,d values, maps %s | %d | %,d of %,d |%n",
                        width, height, engine.name(), plan.tileHeight(), plan.tileValues(),
                        plan.spill() ? "spilled" : "in memory", largest, differing, 3L * width * height);
            }
        }
    }

    private static int toByte(float v) {
        return !(v > 0) ? 0 : v >= 1 ? 255 : Math.round(v * 255f);
    }
}
