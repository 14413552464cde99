package io.pastiche.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pastiche.StyleMix;
import io.pastiche.model.Model;
import io.pastiche.tensor.Tensor;
import io.pastiche.testkit.RandomModels;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Each row of the style input belongs to its own image: one batch can hold several styles, as training's do. */
class BatchOfStylesTest {

    @Test
    void eachImageOfABatchGetsItsOwnRowOfStyleWeights() throws Exception {
        Model model = RandomModels.model(SlimLayout.spec(), 3, 21);
        Tensor batch = RandomModels.images(2, 19, 26, 4);
        int plane = 3 * 19 * 26;
        float[] first = RoundTrip.row(StyleMix.of(2), 3);
        float[] second = RoundTrip.row(StyleMix.of(0, 0.5, 1, 0.5), 3);
        float[] rows = new float[6];
        System.arraycopy(first, 0, rows, 0, 3);
        System.arraycopy(second, 0, rows, 3, 3);
        try (OnnxRuntimeSession onnx = new OnnxRuntimeSession(OnnxExport.toBytes(model))) {
            Tensor together = onnx.run(batch, rows);
            Tensor alone0 = onnx.run(image(batch, 0, plane), first);
            Tensor alone1 = onnx.run(image(batch, 1, plane), second);

            assertThat(together.shape()).containsExactly(2, 3, 19, 26);
            assertThat(Arrays.copyOfRange(together.data(), 0, plane)).containsExactly(alone0.data(), within(1e-6f));
            assertThat(Arrays.copyOfRange(together.data(), plane, 2 * plane))
                    .containsExactly(alone1.data(), within(1e-6f));
            assertThat(EightBit.maxDifference(alone0, alone1)).as("two styles, two looks").isGreaterThan(20);
        }
    }

    private static Tensor image(Tensor batch, int n, int plane) {
        return new Tensor(Arrays.copyOfRange(batch.data(), n * plane, (n + 1) * plane), 1, 3, batch.height(),
                batch.width());
    }
}
