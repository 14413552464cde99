package io.pastiche.tiling;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpillFilesTest {

    @TempDir
    Path folder;

    @Test
    void aMapReusesTheFileOfOneThatClosedAndTheCallDeletesItsFiles() throws Exception {
        SpillFile first;
        try (SpillFiles files = new SpillFiles(folder)) {
            first = files.take(4);
            first.channel().write(ByteBuffer.wrap(new byte[] {1, 2, 3, 4}), 0);
            files.give(first);
            SpillFile second = files.take(4);
            assertThat(second).isSameAs(first);
            ByteBuffer read = ByteBuffer.allocate(4);
            second.channel().read(read, 0);
            assertThat(read.array()).containsExactly(1, 2, 3, 4);
            files.give(second);
        }
        assertThat(first.channel().isOpen()).isFalse();
        try (var left = Files.list(folder)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aFileStillLentIsClosedWhenItComesBack() {
        SpillFiles files = new SpillFiles(folder);
        SpillFile lent = files.take(8);
        files.close();
        assertThat(lent.channel().isOpen()).isTrue();
        files.give(lent);
        assertThat(lent.channel().isOpen()).isFalse();
    }
}
