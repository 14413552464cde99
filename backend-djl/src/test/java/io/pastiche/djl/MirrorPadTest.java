package io.pastiche.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MirrorPadTest {

    @RegisterExtension
    static final EngineManager ENGINE = new EngineManager();

    @Test
    void reflectMirrorsWithoutRepeatingTheEdge() {
        // A row of 4 padded by 2: [2 1 | 0 1 2 3 | 2 1]
        NDArray row = ENGINE.manager().create(new float[] {0, 1, 2, 3}, new Shape(1, 1, 1, 4));
        NDArray column = row.reshape(1, 1, 4, 1);
        assertThat(MirrorPad.apply(row.repeat(2, 3), 2, MirrorPad.Mode.REFLECT).get("0, 0, 3").toFloatArray())
                .containsExactly(2, 1, 0, 1, 2, 3, 2, 1);
        assertThat(MirrorPad.apply(column.repeat(3, 3), 2, MirrorPad.Mode.REFLECT).get("0, 0, :, 3")
                .toFloatArray()).containsExactly(2, 1, 0, 1, 2, 3, 2, 1);
    }

    @Test
    void symmetricRepeatsTheEdge() {
        // [1 0 | 0 1 2 3 | 3 2]
        NDArray row = ENGINE.manager().create(new float[] {0, 1, 2, 3}, new Shape(1, 1, 1, 4)).repeat(2, 2);
        assertThat(MirrorPad.apply(row, 2, MirrorPad.Mode.SYMMETRIC).get("0, 0, 0").toFloatArray())
                .containsExactly(1, 0, 0, 1, 2, 3, 3, 2);
    }

    @Test
    void padsEveryPixelAsAPlainJavaMirrorWould() {
        int batch = 2;
        int channels = 3;
        int height = 5;
        int width = 6;
        NDArray x = EngineArrays.random(ENGINE.manager(), 7, batch, channels, height, width);
        float[] in = x.toFloatArray();
        for (MirrorPad.Mode mode : MirrorPad.Mode.values()) {
            for (int p = 1; p <= 4; p++) {
                float[] out = MirrorPad.apply(x, p, mode).toFloatArray();
                int outH = height + 2 * p;
                int outW = width + 2 * p;
                assertThat(out).hasSize(batch * channels * outH * outW);
                for (int plane = 0; plane < batch * channels; plane++) {
                    for (int y = 0; y < outH; y++) {
                        for (int c = 0; c < outW; c++) {
                            int sy = mirror(y - p, height, mode);
                            int sx = mirror(c - p, width, mode);
                            assertThat(out[(plane * outH + y) * outW + c]).as("%s p=%d (%d, %d)", mode, p, y, c)
                                    .isEqualTo(in[(plane * height + sy) * width + sx]);
                        }
                    }
                }
            }
        }
    }

    /** d sum(pad(x) * probe) / dx: each input pixel collects the probe at every padded pixel that reads it. */
    @Test
    void gradientsReachThePixelsTheBordersWereCopiedFrom() {
        int height = 5;
        int width = 6;
        int p = 3;
        NDArray x = EngineArrays.random(ENGINE.manager(), 5, 1, 2, height, width);
        for (MirrorPad.Mode mode : MirrorPad.Mode.values()) {
            float[] grad = EngineArrays.gradients(ENGINE.manager(), a -> MirrorPad.apply(a[0], p, mode), x)[0];
            int outH = height + 2 * p;
            int outW = width + 2 * p;
            float[] probe = EngineArrays.random(ENGINE.manager(), 99, 1, 2, outH, outW).toFloatArray();
            double[] expected = new double[grad.length];
            for (int plane = 0; plane < 2; plane++) {
                for (int y = 0; y < outH; y++) {
                    for (int c = 0; c < outW; c++) {
                        int sy = mirror(y - p, height, mode);
                        int source = (plane * height + sy) * width + mirror(c - p, width, mode);
                        expected[source] += probe[(plane * outH + y) * outW + c];
                    }
                }
            }
            for (int i = 0; i < grad.length; i++) {
                assertThat((double) grad[i]).as("%s pixel %d", mode, i).isCloseTo(expected[i], within(1e-5));
            }
        }
    }

    @Test
    void zeroPaddingIsTheInputItself() {
        NDArray x = EngineArrays.random(ENGINE.manager(), 1, 1, 1, 3, 3);
        assertThat(MirrorPad.apply(x, 0, MirrorPad.Mode.REFLECT)).isSameAs(x);
    }

    @Test
    void refusesPaddingTheSideCannotMirror() {
        NDArray x = EngineArrays.random(ENGINE.manager(), 1, 1, 1, 4, 4);
        assertThatThrownBy(() -> MirrorPad.apply(x, 4, MirrorPad.Mode.REFLECT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(MirrorPad.apply(x, 4, MirrorPad.Mode.SYMMETRIC).getShape()).isEqualTo(new Shape(1, 1, 12, 12));
    }

    /** The plain definition: index {@code i} of the padded axis reads this index of an axis of size n. */
    private static int mirror(int i, int n, MirrorPad.Mode mode) {
        int skip = mode == MirrorPad.Mode.REFLECT ? 1 : 0;
        if (i < 0) {
            return -i - 1 + skip;
        }
        if (i >= n) {
            return 2 * n - 1 - i - skip;
        }
        return i;
    }
}
