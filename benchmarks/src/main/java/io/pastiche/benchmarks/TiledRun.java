package io.pastiche.benchmarks;

import io.pastiche.memory.MemoryEstimate;
import io.pastiche.network.NetworkSpec;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.spi.Backend;
import io.pastiche.spi.Backends;
import io.pastiche.spi.CompiledNetwork;
import io.pastiche.tensor.Tensor;
import io.pastiche.tiling.BandSource;
import io.pastiche.tiling.TileOptions;
import io.pastiche.tiling.TilePlan;
import io.pastiche.tiling.TiledExecution;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One picture of the full-width network on one backend, whole or in tiles within a memory budget, in this JVM: the
 * time per pixel and the process's peak resident memory, as one markdown row. {@code benchmarks/bench tiled} runs it
 * in a fresh JVM per row, so that each row's peak is its own:
 *
 * <pre>benchmarks/bench tiled tensorflow 1024            # whole, 3 calls, the median of the last 2
 * benchmarks/bench tiled tensorflow 8192 1g -Xmx1g    # in tiles within 1 GiB, with a 1 GiB heap; one call</pre>
 *
 * <p>The input is made band by band (values from the row and column), and the output is dropped band by band, so
 * that neither the input nor the output is ever whole in memory: the peak is the tiled call's own.
 */
public final class TiledRun {

    private TiledRun() {
    }

    public static void main(String[] args) {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: TiledRun BACKEND SIDE [BUDGET, e.g. 1g: in tiles within it]");
            System.exit(2);
        }
        String backend = args[0];
        int side = Integer.parseInt(args[1]);
        long budget = args.length == 3 ? bytes(args[2]) : 0;
        NetworkSpec spec = NetworkSpec.standard(1.0);
        List<StyleEmbedding> style = List.of(Fixtures.styles(spec, 1, 2).get(0));
        try (Backend engine = Backends.discover().choose(backend).open();
             CompiledNetwork network = engine.compile(spec, Fixtures.weights(spec, 1))) {
            String how;
            double seconds;
            if (budget == 0) {
                Tensor image = Fixtures.images(1, side, side, 3);
                double[] times = new double[3];
                for (int i = 0; i < times.length; i++) {
                    long start = System.nanoTime();
                    network.forward(image, style);
                    times[i] = (System.nanoTime() - start) / 1e9;
                }
                seconds = (times[1] + times[2]) / 2;
                how = "whole (median of calls 2-3)";
            } else {
                Runtime runtime = Runtime.getRuntime();
                long heapRoom = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
                Optional<TilePlan> plan = TilePlan.choose(spec, 1, side, side, budget,
                        MemoryEstimate.forward(spec, 1, side, side), heapRoom)
                        .map(chosen -> chosen.capped(engine.mostTileValues()));
                if (plan.isEmpty()) {
                    throw new IllegalArgumentException("the whole call fits " + args[2] + ": no tiles to measure");
                }
                TileOptions options = plan.get().options(Path.of(System.getProperty("java.io.tmpdir")));
                // To try other sizes than the plan's: -Dpastiche.bench.bandRows=32 -Dpastiche.bench.tileValues=...
                options = new TileOptions(Integer.getInteger("pastiche.bench.bandRows", options.tileHeight()),
                        options.tileWidth(), Long.getLong("pastiche.bench.tileValues", options.tileValues()),
                        options.spillFolder(), options.progress());
                long start = System.nanoTime();
                TiledExecution.run(network, source(side), style, options, (band, from) -> { });
                seconds = (System.nanoTime() - start) / 1e9;
                how = String.format(Locale.ROOT, "bands of %d rows, tiles of at most %,d values, within %s, maps %s (one call)",
                        options.tileHeight(), options.tileValues(), args[2],
                        plan.get().spill() ? "spilled" : "in memory");
            }
            double pixels = (double) side * side;
            System.out.printf(Locale.ROOT, "| %d x %d | %s | %s | %.1f | %.2f | %.0f | %,d | %,d |%n", side, side,
                    engine.name(), how, seconds, seconds * 1e6 / pixels,
                    spec.flops(side, side) / seconds / 1e9, EndToEnd.peakRss() >> 20, EndToEnd.peakHeap() >> 20);
        }
    }

    /** A picture made as it is read: each value from its row and column, the same on every read. */
    private static BandSource source(int side) {
        return new BandSource() {
            @Override
            public int batch() {
                return 1;
            }

            @Override
            public int channels() {
                return 3;
            }

            @Override
            public int height() {
                return side;
            }

            @Override
            public int width() {
                return side;
            }

            @Override
            public Tensor rows(int from, int to) {
                int plane = (to - from) * side;
                float[] data = new float[3 * plane];
                for (int c = 0; c < 3; c++) {
                    for (int y = from; y < to; y++) {
                        for (int x = 0; x < side; x++) {
                            int h = (x * 73_856_093) ^ (y * 19_349_663) ^ (c * 83_492_791);
                            data[c * plane + (y - from) * side + x] = ((h >>> 8) & 0xffff) / 65_536f;
                        }
                    }
                }
                return new Tensor(data, 1, 3, to - from, side);
            }
        };
    }

    /** 512m, 1g, 1500000000. */
    private static long bytes(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long unit = switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            default -> 1;
        };
        String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
        if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("a budget is a whole number with k, m or g, was " + Arrays.toString(
                    new String[] {text}));
        }
        return Long.parseLong(digits) * unit;
    }
}
