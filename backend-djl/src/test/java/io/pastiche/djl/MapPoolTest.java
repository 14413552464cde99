package io.pastiche.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How {@link MapPool} lends, reuses and frees memory. */
class MapPoolTest {

    @RegisterExtension
    static final EngineManager ENGINE = new EngineManager();

    @Test
    void aReleasedMapsMemoryHoldsTheNextMapThatFits() {
        try (MapPool pool = new MapPool(ENGINE.manager().newSubManager());
             NDManager call = ENGINE.manager().newSubManager()) {
            NDArray first = pool.take(1, 3, 4, 5, call);
            assertThat(first.getShape()).isEqualTo(new Shape(1, 3, 4, 5));
            assertThat(pool.owns(first)).isTrue();
            ChannelsLast.memory(first).put(0, 7f);
            pool.release(first);
            assertThat(pool.owns(first)).isFalse();

            NDArray smaller = pool.take(1, 2, 4, 5, call);
            NDArray other = pool.take(1, 2, 4, 5, call);

            assertThat(smaller.getFloat(0, 0, 0, 0)).as("the same memory").isEqualTo(7f);
            ChannelsLast.memory(other).put(0, 8f);
            assertThat(smaller.getFloat(0, 0, 0, 0)).as("a lent map's memory is not lent again").isEqualTo(7f);
            assertThat(pool.keptValues()).as("each 1/16 larger than its first map").isEqualTo(63 + 42);
        }
    }

    @Test
    void theSmallestFreeArrayThatFitsIsTaken() {
        try (MapPool pool = new MapPool(ENGINE.manager().newSubManager());
             NDManager call = ENGINE.manager().newSubManager()) {
            NDArray large = pool.take(1, 1, 10, 10, call);
            NDArray small = pool.take(1, 1, 5, 5, call);
            ChannelsLast.memory(small).put(0, 3f);
            pool.release(large);
            pool.release(small);

            NDArray again = pool.take(1, 1, 4, 4, call);

            assertThat(again.getFloat(0, 0, 0, 0)).isEqualTo(3f);
            assertThat(pool.keptValues()).isEqualTo(106 + 26);
        }
    }

    @Test
    void aCallsEndFreesItsMapsAndClosesWhatItDidNotUse() {
        try (MapPool pool = new MapPool(ENGINE.manager().newSubManager())) {
            try (NDManager call = ENGINE.manager().newSubManager()) {
                pool.take(1, 1, 10, 10, call);
                pool.take(1, 1, 8, 8, call);
            }
            pool.endCall();
            assertThat(pool.keptValues()).isEqualTo(106 + 68);

            try (NDManager call = ENGINE.manager().newSubManager()) {
                NDArray map = pool.take(1, 1, 9, 9, call); // the 106-value array
                assertThat(map.getShape()).isEqualTo(new Shape(1, 1, 9, 9));
            }
            pool.endCall();

            assertThat(pool.keptValues()).as("the 68-value array went unused for a call").isEqualTo(106);
        }
    }
}
