package io.pastiche.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class NearestUpsampleTest {

    @RegisterExtension
    static final EngineManager ENGINE = new EngineManager();

    @Test
    void repeatsEachPixelTwiceAlongBothAxes() {
        NDArray x = ENGINE.manager().create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
        assertThat(NearestUpsample.apply(x, 2).toFloatArray())
                .containsExactly(1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4);
    }

    @Test
    void factorOneIsTheInputItself() {
        NDArray x = ENGINE.manager().create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
        assertThat(NearestUpsample.apply(x, 1)).isSameAs(x);
    }
}
