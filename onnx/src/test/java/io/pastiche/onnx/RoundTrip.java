package io.pastiche.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pastiche.StyleMix;
import io.pastiche.model.Model;
import io.pastiche.tensor.Tensor;
import io.pastiche.testkit.RandomModels;
import java.util.List;
import java.util.Map;

/**
 * Exports a model, runs the file in ONNX Runtime and compares each output with pastiche's (the float64
 * reference) as 8-bit images: at most 1 in 0..255 apart, and exactly the input's size; as floats, within 1e-4.
 */
final class RoundTrip {

    /** Heights and widths that are not multiples of the network's total stride (4), so the crop matters. */
    static final List<int[]> ODD_SIZES = List.of(new int[] {23, 37}, new int[] {61, 64});

    private RoundTrip() {
    }

    /** @return the largest 8-bit difference seen */
    static int check(Model model, List<StyleMix> mixes) throws Exception {
        return check(model, mixes, ODD_SIZES);
    }

    /** @param sizes each {height, width} */
    static int check(Model model, List<StyleMix> mixes, List<int[]> sizes) throws Exception {
        int worst = 0;
        try (OnnxRuntimeSession onnx = new OnnxRuntimeSession(OnnxExport.toBytes(model))) {
            long seed = 1;
            for (int[] size : sizes) {
                Tensor image = RandomModels.images(1, size[0], size[1], seed++);
                for (StyleMix mix : mixes) {
                    Tensor exported = onnx.run(image, row(mix, model.styles().size()));
                    assertThat(exported.shape()).containsExactly(1, 3, size[0], size[1]);
                    Tensor reference = ReferencePastiche.of(model, image, mix);
                    int difference = EightBit.maxDifference(exported, reference);
                    assertThat(difference).as("%dx%d, %s", size[1], size[0], mix).isLessThanOrEqualTo(1);
                    // float32 against float64: measured about 2e-6; far below, so a near miss cannot hide
                    assertThat(exported.data()).as("%dx%d, %s", size[1], size[0], mix)
                            .containsExactly(reference.data(), within(1e-4f));
                    worst = Math.max(worst, difference);
                }
            }
        }
        return worst;
    }

    /** The style input for one image: the mix's weights at their styles' positions, zero elsewhere. */
    static float[] row(StyleMix mix, int styles) {
        float[] row = new float[styles];
        for (Map.Entry<Integer, Double> weight : mix.weights().entrySet()) {
            row[weight.getKey()] = weight.getValue().floatValue();
        }
        return row;
    }
}
