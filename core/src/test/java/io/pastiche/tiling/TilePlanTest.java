package io.pastiche.tiling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pastiche.NativeMemoryException;
import io.pastiche.network.NetworkSpec;
import org.junit.jupiter.api.Test;

/** How a budget becomes bands and tiles, and what is refused. */
class TilePlanTest {

    private static final NetworkSpec FULL = NetworkSpec.standard(1.0);
    private static final long GIB = 1L << 30;

    @Test
    void aCallThatFitsWholeIsNotTiled() {
        assertThat(TilePlan.choose(FULL, 1, 512, 512, GIB, GIB / 2, Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void aCallWhoseLargestMapPassesTwoToTheThirtyOneValuesIsTiledWhateverTheBudget() {
        long budget = Long.MAX_VALUE / 4;
        // 32 channels at 8000 x 8000, padded by 4: 2.05 G values; at 8192 x 8192 the map alone is 2^31
        assertThat(TilePlan.choose(FULL, 1, 8000, 8000, budget, GIB, GIB)).isEmpty();
        TilePlan plan = TilePlan.choose(FULL, 1, 8192, 8192, budget, GIB, GIB).orElseThrow();
        assertThat(plan.spill()).as("the budget holds the maps").isFalse();
        assertThat(TilePlan.choose(FULL, 2, 6000, 6000, budget, GIB, GIB))
                .as("the batch's images are one map").isPresent();
        // the stride-2 layers round 8190 up (4095, 2048), so the upsampling layers give the last layer 8192
        assertThat(MapFootprint.largestMapValues(FULL, 8190, 8190, true))
                .as("the last layer's input padded by 4, 32 x 8200 x 8200").isEqualTo(32L * 8200 * 8200)
                .isGreaterThan(TilePlan.MOST_WHOLE_MAP_VALUES);
    }

    @Test
    void aLargePictureGetsBandsAndEngineTilesOfBoundedSize() {
        TilePlan plan = TilePlan.choose(FULL, 1, 8192, 8192, GIB, Long.MAX_VALUE, GIB).orElseThrow();
        assertThat(plan.spill()).as("8192 x 8192 maps do not fit a GiB of heap").isTrue();
        assertThat(plan.tileHeight()).isEqualTo(TilePlan.BAND_ROWS);
        assertThat(plan.tileValues()).isLessThanOrEqualTo(TilePlan.ENGINE_TILE_VALUES);
        assertThat(3 * 4 * plan.tileValues() + TilePlan.passBytes(FULL, 1, 8192))
                .as("the engine's copies of a tile and the passes' rows").isLessThanOrEqualTo(GIB);
    }

    @Test
    void tilesFitTheHeapsRoomWhenItIsSmallerThanTheBudget() {
        // A 1 GiB heap that already holds the picture and its result (8192 x 8192: 200 MB and 268 MB).
        long heapRoom = 500L << 20;
        TilePlan plan = TilePlan.choose(FULL, 1, 8192, 8192, GIB, Long.MAX_VALUE, heapRoom).orElseThrow();
        assertThat(plan.tileValues()).isLessThan(TilePlan.ENGINE_TILE_VALUES);
        assertThat(3 * 4 * plan.tileValues() + TilePlan.passBytes(FULL, 1, 8192))
                .as("half the room: the heap in use may not place large arrays in the rest")
                .isLessThanOrEqualTo(heapRoom / 2);
        assertThat(TilePlan.choose(FULL, 1, 8192, 8192, GIB, Long.MAX_VALUE, 0).orElseThrow().tileHeight())
                .as("a room below the smallest plan is not trusted: the budget decides").isEqualTo(TilePlan.BAND_ROWS);
        assertThat(TilePlan.choose(FULL, 1, 8192, 8192, GIB, Long.MAX_VALUE, 0).orElseThrow().tileValues())
                .isEqualTo(TilePlan.ENGINE_TILE_VALUES);
    }

    @Test
    void mapsStayInMemoryWhenTheBudgetHoldsThemBesideTheTiles() {
        long maps = TilePlan.mapBytes(FULL, 1, 1024, 1024);
        long smallest = TilePlan.smallestBytes(FULL, 1, 1024, 1024);
        TilePlan plan = TilePlan.choose(FULL, 1, 1024, 1024, maps + GIB, Long.MAX_VALUE, 0).orElseThrow();
        assertThat(plan.spill()).as("the maps are not on the heap: its room does not matter").isFalse();
        assertThat(TilePlan.choose(FULL, 1, 1024, 1024, maps + smallest / 2, Long.MAX_VALUE, GIB).orElseThrow()
                .spill()).as("no room for tiles beside the maps").isTrue();
    }

    @Test
    void anEnginesCapMakesTilesSmallerNeverLarger() {
        TilePlan plan = TilePlan.choose(FULL, 1, 8192, 8192, GIB, Long.MAX_VALUE, 0).orElseThrow();
        assertThat(plan.capped(java.util.OptionalLong.of(1 << 20)))
                .isEqualTo(new TilePlan(plan.tileHeight(), 1 << 20, plan.spill()));
        assertThat(plan.capped(java.util.OptionalLong.of(Long.MAX_VALUE))).isEqualTo(plan);
        assertThat(plan.capped(java.util.OptionalLong.empty())).isEqualTo(plan);
    }

    @Test
    void aBudgetTooSmallNamesTheSmallestThatWorks() {
        long smallest = TilePlan.smallestBytes(FULL, 1, 2000, 3000);
        assertThat(TilePlan.choose(FULL, 1, 2000, 3000, smallest, Long.MAX_VALUE, 0)).isPresent();
        assertThatThrownBy(() -> TilePlan.choose(FULL, 1, 2000, 3000, smallest - 1, Long.MAX_VALUE, 0))
                .isInstanceOf(NativeMemoryException.class)
                .hasMessageContaining("3000x2000")
                .hasMessageContaining("give the call a budget of at least " + NativeMemoryException.size(smallest));
    }

    @Test
    void aPictureWithASideOfOneHundredThousandPixelsIsRefusedWithTheNumbers() {
        // The rows of its passes alone are larger than the budget: refused by arithmetic, nothing allocated.
        long smallest = TilePlan.smallestBytes(FULL, 1, 100_000, 100_000);
        assertThatThrownBy(() -> TilePlan.choose(FULL, 1, 100_000, 100_000, GIB / 16, Long.MAX_VALUE, 0))
                .isInstanceOf(NativeMemoryException.class)
                .hasMessageContaining("100000x100000")
                .hasMessageContaining("budget is 64 MB")
                .hasMessageContaining("give the call a budget of at least " + NativeMemoryException.size(smallest));
        long fullResolution = 32L * 100_000 * 100_000 * Float.BYTES;
        assertThat(TilePlan.spillBytes(FULL, 1, 100_000, 100_000))
                .as("on disk about the largest map: rows read no more give their pages to the next map's")
                .isBetween(fullResolution, fullResolution + fullResolution / 100);
    }
}
