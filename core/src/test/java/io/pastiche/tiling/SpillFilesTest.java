package io.pastiche.tiling;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpillFilesTest {

    /** Rows of 2 pixels x 2 channels: 16 bytes; pages of 3 rows. */
    private static final long PAGE = 48;

    @TempDir
    Path folder;

    @Test
    void mapsShareOneFileInPagesAndTheCallDeletesIt() throws Exception {
        try (SpillFiles files = new SpillFiles(folder, PAGE)) {
            FeatureStore map = files.map(1, 2, 7, 2);
            for (int y = 0; y < 7; y++) {
                map.writeRow(0, y, 0, 2, new float[] {y, y + 0.5f, y, y}, 0);
            }
            map.release(6);
            FeatureStore next = files.map(1, 2, 6, 2);
            for (int y = 0; y < 6; y++) {
                next.writeRow(0, y, 0, 2, new float[] {-y, -y, -y, -y}, 0);
            }
            float[] row = new float[4];
            map.readRow(0, 6, 0, 2, row, 0);
            assertThat(row).containsExactly(6, 6.5f, 6, 6);
            next.readRow(0, 5, 0, 2, row, 0);
            assertThat(row).containsExactly(-5, -5, -5, -5);
            assertThatThrownBy(() -> map.readRow(0, 0, 0, 2, new float[4], 0))
                    .isInstanceOf(IllegalStateException.class);
            assertThat(files.file().channel().size()).as("the released pages reused").isLessThanOrEqualTo(3 * PAGE);
            map.close();
            next.close();
        }
        try (var left = Files.list(folder)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void theFileIsDeletedWhenTheLastPageComesBackAfterClose() throws Exception {
        SpillFiles files = new SpillFiles(folder, PAGE);
        FeatureStore map = files.map(1, 2, 3, 2);
        map.writeRow(0, 0, 0, 2, new float[4], 0);
        SpillFile file = files.file();
        files.close();
        assertThat(file.channel().isOpen()).isTrue();
        map.close();
        assertThat(file.channel().isOpen()).isFalse();
        try (var left = Files.list(folder)) {
            assertThat(left).isEmpty();
        }
    }
}
