package io.pastiche;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pastiche.memory.MemoryEstimate;
import io.pastiche.model.Model;
import io.pastiche.network.NetworkSpec;
import io.pastiche.testkit.RandomModels;
import io.pastiche.tiling.TilePlan;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A call larger than its memory budget runs in tiles with the whole call's result; one too large is refused. */
class MemoryBudgetTest {

    private static final NetworkSpec SPEC = NetworkSpec.standard(0.125);
    private static final Model MODEL = RandomModels.model(SPEC, 2, 41);

    private static BufferedImage photo(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(42);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        return image;
    }

    private static BufferedImage stylize(LoadOptions options, BufferedImage photo) {
        try (StyleNetwork network = StyleNetwork.of(MODEL, options.withBackend("reference"))) {
            return network.stylize(photo, 1);
        }
    }

    @Test
    void aCallOverItsBudgetRunsInTilesWithTheWholeResult() {
        BufferedImage photo = photo(150, 97);
        long whole = MemoryEstimate.forward(SPEC, 1, 97, 150);
        BufferedImage expected = stylize(LoadOptions.defaults().withMemoryBudget(whole), photo);
        assertThat(TilePlan.choose(SPEC, 1, 97, 150, whole / 4, whole, Long.MAX_VALUE))
                .hasValueSatisfying(plan -> assertThat(plan.tileHeight()).isLessThan(97));
        BufferedImage tiled = stylize(LoadOptions.defaults().withMemoryBudget(whole / 4), photo);
        int largest = 0;
        for (int y = 0; y < 97; y++) {
            for (int x = 0; x < 150; x++) {
                int a = expected.getRGB(x, y);
                int b = tiled.getRGB(x, y);
                for (int shift = 0; shift < 24; shift += 8) {
                    largest = Math.max(largest, Math.abs((a >> shift & 0xff) - (b >> shift & 0xff)));
                }
            }
        }
        assertThat(largest).as("largest difference in 0..255").isLessThanOrEqualTo(1);
    }

    @Test
    void aTiledCallTellsItsProgressUpToTheEnd() {
        BufferedImage photo = photo(150, 97);
        long whole = MemoryEstimate.forward(SPEC, 1, 97, 150);
        List<Double> seen = new ArrayList<>();
        try (StyleNetwork network = StyleNetwork.of(MODEL,
                LoadOptions.defaults().withBackend("reference").withMemoryBudget(whole / 4))) {
            network.stylize(List.of(photo), StyleMix.of(1), seen::add);
        }
        assertThat(seen.size()).as("one report per tile, and the end").isGreaterThan(10);
        assertThat(seen).isSorted();
        assertThat(seen.get(0)).isGreaterThan(0);
        assertThat(seen.get(seen.size() - 1)).isEqualTo(1.0);
    }

    @Test
    void aBudgetTooSmallForOneTileNamesTheSmallestThatWorks() {
        assertThatThrownBy(() -> stylize(LoadOptions.defaults().withMemoryBudget(10_000), photo(64, 64)))
                .isInstanceOf(NativeMemoryException.class)
                .hasMessageContaining("in tiles needs at least")
                .hasMessageContaining("give the call a budget of at least");
    }

    @Test
    void theBudgetMustBePositive() {
        assertThatThrownBy(() -> LoadOptions.defaults().withMemoryBudget(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(LoadOptions.defaults().memoryBudget()).isEmpty();
        assertThat(LoadOptions.defaults().withMemoryBudget(5).memoryBudget()).hasValue(5);
    }
}
