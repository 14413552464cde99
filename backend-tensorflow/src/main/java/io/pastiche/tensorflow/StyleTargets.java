package io.pastiche.tensorflow;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The target Gram matrices of a training batch as graph inputs: per style layer one {@code [B, C, C]} placeholder,
 * row {@code b} being image {@code b}'s style at that layer, so a batch may mix styles. Immutable.
 */
final class StyleTargets {

    private final List<String> layers;
    private final int[] channels;
    private final List<Placeholder<TFloat32>> inputs;

    /**
     * @param layers   the style layers, in the loss spec's order
     * @param channels per style layer, the channels of its feature
     */
    StyleTargets(Ops tf, List<String> layers, int[] channels) {
        this.layers = List.copyOf(layers);
        this.channels = channels.clone();
        List<Placeholder<TFloat32>> placeholders = new ArrayList<>(layers.size());
        for (int l = 0; l < layers.size(); l++) {
            placeholders.add(tf.withName("target_" + l).placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(Shape.UNKNOWN_SIZE, channels[l], channels[l]))));
        }
        this.inputs = List.copyOf(placeholders);
    }

    /** The input of style layer {@code l}. */
    Placeholder<TFloat32> input(int l) {
        return inputs.get(l);
    }

    /** Feeds the batch's targets, checked by core against the loss network. */
    void feed(Session.Runner runner, Feeds feeds, List<List<float[]>> targets) {
        int batch = targets.size();
        for (int l = 0; l < layers.size(); l++) {
            int size = channels[l] * channels[l];
            float[] all = new float[batch * size];
            for (int b = 0; b < batch; b++) {
                System.arraycopy(targets.get(b).get(l), 0, all, b * size, size);
            }
            runner.feed(inputs.get(l), feeds.floats(all, batch, channels[l], channels[l]));
        }
    }
}
