package io.pastiche.tiling;

import io.pastiche.network.NetworkSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MapFootprintTest {

    private static final NetworkSpec FULL = NetworkSpec.standard(1.0);

    @Test
    void aCallHoldsAboutItsLargestMapNotTwoNeighboursWhole() {
        long side = 8192;
        long fullResolution = 32 * side * side * Float.BYTES;
        long halfResolution = 64 * (side / 2) * (side / 2) * Float.BYTES;
        long bytes = MapFootprint.bytes(FULL, 1, 8192, 8192, TilePlan.BAND_ROWS);
        assertThat(bytes).isGreaterThanOrEqualTo(fullResolution)
                .isLessThan(fullResolution + halfResolution / 8);
    }

    @Test
    void smallPicturesGetSmallPagesOfWholeRows() {
        long page = MapFootprint.pageBytes(FULL, 151, 203);
        assertThat(page).isLessThan(MapFootprint.PAGE_BYTES).isGreaterThanOrEqualTo(32L * 203 * Float.BYTES);
        assertThat(MapFootprint.pageBytes(FULL, 8192, 8192)).isEqualTo(MapFootprint.PAGE_BYTES);
        assertThat(MapFootprint.pageBytes(FULL, 4, 1_000_000)).as("one row of 32 channels")
                .isEqualTo(32L * 1_000_000 * Float.BYTES);
    }

    @Test
    void moreImagesHoldProportionallyMore() {
        assertThat(MapFootprint.bytes(FULL, 3, 1024, 768, 64))
                .isEqualTo(3 * MapFootprint.bytes(FULL, 1, 1024, 768, 64));
    }
}
