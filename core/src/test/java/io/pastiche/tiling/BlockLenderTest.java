package io.pastiche.tiling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Closeable;
import org.junit.jupiter.api.Test;

class BlockLenderTest {

    /** A block that knows whether it was closed. */
    private static final class Block implements Closeable {

        boolean closed;

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void aMapReusesTheBlockOfOneThatClosed() {
        try (BlockLender<Block> lender = new BlockLender<>()) {
            Block first = lender.take(1 << 20, Block::new);
            lender.give(first);
            assertThat(lender.take(1 << 10, Block::new)).isSameAs(first);
        }
    }

    @Test
    void theBlockLentIsTheLeastWrittenOfThoseThatCoverTheMapElseTheMostWritten() {
        try (BlockLender<Block> lender = new BlockLender<>()) {
            Block large = lender.take(1 << 20, Block::new);
            Block middle = lender.take(1 << 16, Block::new);
            Block small = lender.take(1 << 10, Block::new);
            lender.give(large);
            lender.give(middle);
            lender.give(small);
            assertThat(lender.take(1 << 12, Block::new)).isSameAs(middle);
            assertThat(lender.take(1 << 21, Block::new)).isSameAs(large);
            // the small one has been written to 2^10 only; it is the one left
            assertThat(lender.take(1 << 11, Block::new)).isSameAs(small);
            assertThat(lender.take(1, Block::new)).isNotIn(large, middle, small);
        }
    }

    @Test
    void refusesABlockNotItsOwn() {
        try (BlockLender<Block> lender = new BlockLender<>()) {
            assertThatThrownBy(() -> lender.give(new Block())).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void closesTheFreeBlocksAtOnceAndALentOneWhenItComesBack() {
        BlockLender<Block> lender = new BlockLender<>();
        Block free = lender.take(64, Block::new);
        Block lent = lender.take(64, Block::new);
        lender.give(free);
        lender.close();
        assertThat(free.closed).isTrue();
        assertThat(lent.closed).isFalse();
        lender.give(lent);
        assertThat(lent.closed).isTrue();
        assertThatThrownBy(() -> lender.take(8, Block::new)).isInstanceOf(IllegalStateException.class);
    }
}
