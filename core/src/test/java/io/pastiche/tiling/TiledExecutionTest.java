package io.pastiche.tiling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pastiche.StyleMix;
import io.pastiche.model.Model;
import io.pastiche.network.NetworkSpec;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.spi.Backend;
import io.pastiche.spi.CompiledNetwork;
import io.pastiche.tensor.Tensor;
import io.pastiche.testkit.RandomModels;
import io.pastiche.testkit.ReferenceBackendProvider;
import io.pastiche.testkit.ReferenceNetwork;
import io.pastiche.testkit.Tolerance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tiled execution on the float64 reference backend: the backends' kit runs the same checks on each engine. */
class TiledExecutionTest {

    @Test
    void oddTilesOverAnOddPictureGiveTheWholeResult() {
        Model model = RandomModels.model(NetworkSpec.standard(0.125, 2), 2, 3);
        Tensor input = RandomModels.images(1, 45, 38, 4);
        List<StyleEmbedding> styles = List.of(model.cin().embedding(StyleMix.of(Map.of(0, 0.6, 1, 0.6))));
        ReferenceNetwork reference = new ReferenceNetwork(model.spec(), model.weights());
        try (Backend backend = new ReferenceBackendProvider().open();
             CompiledNetwork network = backend.compile(model.spec(), model.weights())) {
            for (int[] tile : new int[][] {{7, 11}, {13, 5}, {1, 64}, {45, 38}}) {
                Tensor tiled = TiledExecution.run(network, input, styles, tile[0], tile[1]);
                Tolerance.assertClose(tiled, 0, reference.forward(input, 0, styles.get(0)), 1e-5,
                        tile[0] + "x" + tile[1] + " tiles");
            }
        }
    }

    @Test
    void spilledToFilesTheResultIsTheSameBitForBitAndTheFilesAreGone(@TempDir Path folder) throws Exception {
        Model model = RandomModels.model(NetworkSpec.standard(0.125, 1), 2, 6);
        Tensor input = RandomModels.images(2, 30, 27, 7);
        List<StyleEmbedding> styles = List.of(model.cin().embedding(0), model.cin().embedding(1));
        List<Double> progress = new ArrayList<>();
        try (Backend backend = new ReferenceBackendProvider().open();
             CompiledNetwork network = backend.compile(model.spec(), model.weights())) {
            Tensor inMemory = TiledExecution.run(network, input, styles, 9, 10);
            Tensor spilled = TiledExecution.run(network, input, styles,
                    TileOptions.inMemory(9, 10).spillingTo(folder).withProgress(progress::add));
            assertThat(spilled.data()).isEqualTo(inMemory.data());
        }
        try (Stream<Path> left = Files.list(folder)) {
            assertThat(left).isEmpty();
        }
        assertThat(progress).isSorted().last().isEqualTo(1.0);
        assertThat(progress.get(0)).isGreaterThan(0.0).isLessThan(0.1);
    }

    @Test
    void anInterruptedCallStopsAtTheNextTileAndLeavesNoFile(@TempDir Path folder) throws Exception {
        Model model = RandomModels.model(NetworkSpec.standard(0.125, 1), 1, 8);
        Tensor input = RandomModels.images(1, 40, 40, 9);
        List<StyleEmbedding> styles = List.of(model.cin().embedding(0));
        AtomicInteger tiles = new AtomicInteger();
        try (Backend backend = new ReferenceBackendProvider().open();
             CompiledNetwork network = backend.compile(model.spec(), model.weights())) {
            TileOptions options = TileOptions.inMemory(8, 8).spillingTo(folder).withProgress(fraction -> {
                if (tiles.incrementAndGet() == 30) {
                    Thread.currentThread().interrupt();
                }
            });
            assertThatThrownBy(() -> TiledExecution.run(network, input, styles, options))
                    .isInstanceOf(CancellationException.class);
            assertThat(Thread.interrupted()).as("the interrupt flag is set again").isTrue();
            assertThat(tiles.get()).isEqualTo(30);
        }
        try (Stream<Path> left = Files.list(folder)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void refusesTilesWithoutSizeAndPicturesBelowTheMinimum() {
        Model model = RandomModels.model(NetworkSpec.standard(0.125), 1, 5);
        List<StyleEmbedding> styles = List.of(model.cin().embedding(0));
        try (Backend backend = new ReferenceBackendProvider().open();
             CompiledNetwork network = backend.compile(model.spec(), model.weights())) {
            assertThatThrownBy(() -> TiledExecution.run(network, RandomModels.images(1, 16, 16, 1), styles, 0, 8))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
            assertThatThrownBy(() -> TiledExecution.run(network, RandomModels.images(1, 2, 16, 1), styles, 8, 8))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least");
        }
    }
}
