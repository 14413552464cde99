package io.pastiche.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NearestUpsampleTest {

    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = EngineArrays.manager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void repeatsEachPixelTwiceAlongBothAxes() {
        NDArray x = manager.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
        assertThat(NearestUpsample.apply(x, 2).toFloatArray())
                .containsExactly(1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4);
    }

    @Test
    void factorOneIsTheInputItself() {
        NDArray x = manager.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
        assertThat(NearestUpsample.apply(x, 1)).isSameAs(x);
    }
}
