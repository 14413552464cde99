package io.pastiche.tiling;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MapMemoryTest {

    /** Rows of 2 pixels x 2 channels: 16 bytes; pages of 3 rows. */
    private static final long PAGE = 48;

    @Test
    void aMapTakesPagesAsItsRowsAreWrittenAndGivesThemBackAsTheyAreReleased() {
        try (MapMemory memory = new MapMemory(PAGE)) {
            FeatureStore map = memory.map(1, 2, 7, 2);
            for (int y = 0; y < 7; y++) {
                map.writeRow(0, y, 0, 2, new float[] {y, y, y, y}, 0);
            }
            assertThat(memory.madeBytes()).isEqualTo(3 * PAGE);
            map.release(5);
            assertThatThrownBy(() -> map.readRow(0, 2, 0, 2, new float[4], 0))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("row 2");
            float[] row = new float[4];
            map.readRow(0, 4, 0, 2, row, 0);
            assertThat(row).containsExactly(4, 4, 4, 4);

            FeatureStore next = memory.map(1, 2, 6, 2);
            for (int y = 0; y < 6; y++) {
                next.writeRow(0, y, 0, 2, new float[] {-y, -y, -y, -y}, 0);
            }
            assertThat(memory.madeBytes()).as("the next map in the pages released first").isEqualTo(4 * PAGE);
            map.close();
            next.close();
        }
    }

    @Test
    void rowsKeepTheirValuesAcrossColumnsAndImages() {
        try (MapMemory memory = new MapMemory(PAGE)) {
            FeatureStore map = memory.map(2, 2, 4, 2);
            map.writeRow(1, 3, 1, 2, new float[] {5, 6}, 0);
            map.writeRow(1, 3, 0, 1, new float[] {3, 4}, 0);
            float[] row = new float[5];
            map.readRow(1, 3, 0, 2, row, 1);
            assertThat(row).containsExactly(0, 3, 4, 5, 6);
            map.close();
        }
    }

    @Test
    void refusesRowsLargerThanItsPages() {
        try (MapMemory memory = new MapMemory(PAGE)) {
            assertThatThrownBy(() -> memory.map(1, 4, 2, 4)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("64 bytes");
        }
    }

    @Test
    void aPageGivenBackAfterCloseIsFreed() {
        MapMemory memory = new MapMemory(PAGE);
        MapMemory.Page page = memory.take();
        memory.close();
        memory.give(page);
        assertThat(page.memory().valid()).isFalse();
    }
}
