package io.pastiche.tensorflow;

import io.pastiche.plan.LayerRange;
import io.pastiche.plan.StyleBatch;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The style weights of a masked call as graph inputs: per normalised layer, one {@code [S, h * w]} placeholder, the
 * weights of the mask's {@code S} styles at each position of the layer's output, style-major as
 * {@link StyleBatch#weights} holds them (the graph multiplies them transposed, so Java copies them as they are).
 * Immutable.
 *
 * @param from    the index of the first layer they belong to
 * @param weights per layer from {@code from} on
 */
record MaskInputs(int from, List<Placeholder<TFloat32>> weights) {

    /** The inputs of every layer the range normalises. */
    static MaskInputs create(Ops tf, LayerRange range) {
        List<Placeholder<TFloat32>> weights = new ArrayList<>();
        for (int i = range.from(); i < range.to(); i++) {
            weights.add(tf.withName("mask_weights_" + i).placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(Shape.UNKNOWN_SIZE, Shape.UNKNOWN_SIZE))));
        }
        return new MaskInputs(range.from(), List.copyOf(weights));
    }

    /** The weights input of layer {@code index}. */
    Placeholder<TFloat32> weights(int index) {
        return weights.get(index - from);
    }

    /**
     * Feeds a masked batch's weights of these layers: one native tensor per resolution, fed to every layer of that
     * resolution (the batch shares the arrays between them).
     */
    void feed(Session.Runner runner, Feeds feeds, StyleBatch styles) {
        int rows = styles.rows();
        Map<float[], TFloat32> tensors = new IdentityHashMap<>();
        for (int i = 0; i < weights.size(); i++) {
            runner.feed(weights.get(i), tensors.computeIfAbsent(styles.weights(from + i),
                    w -> feeds.floats(w, rows, w.length / rows)));
        }
    }
}
