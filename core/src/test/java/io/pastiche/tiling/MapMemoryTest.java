package io.pastiche.tiling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.Memory;
import org.junit.jupiter.api.Test;

class MapMemoryTest {

    @Test
    void blocksHoldTheirValuesForTheNextMap() {
        try (MapMemory memory = new MapMemory(64)) {
            Memory block = memory.take(64);
            block.setFloat(8, 2.5f);
            memory.give(block);
            assertThat(memory.take(64).getFloat(8)).isEqualTo(2.5f);
        }
    }

    @Test
    void refusesAMapLargerThanItsBlocks() {
        try (MapMemory memory = new MapMemory(64)) {
            assertThatThrownBy(() -> memory.take(65)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("65");
        }
    }

    @Test
    void aBlockGivenBackAfterCloseIsFreed() {
        MapMemory memory = new MapMemory(64);
        Memory block = memory.take(64);
        memory.close();
        memory.give(block);
        assertThat(block.valid()).isFalse();
    }
}
