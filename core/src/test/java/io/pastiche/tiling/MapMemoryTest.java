package io.pastiche.tiling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.Memory;
import org.junit.jupiter.api.Test;

class MapMemoryTest {

    @Test
    void aMapReusesTheBlockOfOneThatClosed() {
        try (MapMemory memory = new MapMemory(1 << 20)) {
            Memory first = memory.take(1 << 20);
            memory.give(first);
            assertThat(memory.take(1 << 10)).isSameAs(first);
        }
    }

    @Test
    void theBlockLentIsTheLeastWrittenOfThoseThatCoverTheMap() {
        try (MapMemory memory = new MapMemory(1 << 20)) {
            Memory large = memory.take(1 << 20);
            Memory middle = memory.take(1 << 16);
            Memory small = memory.take(1 << 10);
            memory.give(large);
            memory.give(middle);
            memory.give(small);
            assertThat(memory.take(1 << 12)).isSameAs(middle);
            // none of the rest covers 2^18: the most written one
            assertThat(memory.take(1 << 18)).isSameAs(large);
        }
    }

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
    void refusesAMapLargerThanItsBlocksAndBlocksNotItsOwn() {
        try (MapMemory memory = new MapMemory(64); Memory stranger = new Memory(64)) {
            assertThatThrownBy(() -> memory.take(65)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("65");
            assertThatThrownBy(() -> memory.give(stranger)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aBlockGivenBackAfterCloseIsFreedAndNoneIsLentThen() {
        MapMemory memory = new MapMemory(64);
        Memory block = memory.take(64);
        memory.close();
        memory.give(block);
        assertThat(block.valid()).isFalse();
        assertThatThrownBy(() -> memory.take(8)).isInstanceOf(IllegalStateException.class);
    }
}
