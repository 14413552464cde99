package io.pastiche.onnx;

import io.pastiche.StyleMix;
import io.pastiche.model.Model;
import io.pastiche.tensor.Tensor;
import io.pastiche.testkit.FeatureMap;
import io.pastiche.testkit.ReferenceNetwork;

/**
 * What pastiche computes for one image, from core's float64 reference network: the network's output cropped to
 * the input's top-left height and width, as pastiche crops it.
 */
final class ReferencePastiche {

    private ReferencePastiche() {
    }

    static Tensor of(Model model, Tensor image, StyleMix mix) {
        ReferenceNetwork network = new ReferenceNetwork(model.spec(), model.weights());
        FeatureMap out = network.forward(image, 0, model.cin().embedding(mix));
        int h = image.height();
        int w = image.width();
        float[] data = new float[3 * h * w];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    data[(c * h + y) * w + x] = (float) out.get(c, y, x);
                }
            }
        }
        return new Tensor(data, 1, 3, h, w);
    }
}
