package io.pastiche.tensorflow;

import io.pastiche.plan.LayerRange;
import io.pastiche.plan.NetworkPlan;
import io.pastiche.plan.StyleBatch;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The gamma and beta of the CIN layers a graph normalises, as graph inputs: per layer one {@code [B, C]}
 * placeholder each, row {@code b} being image {@code b}'s style, so one graph serves every style, every mix and
 * batches of mixed styles. In training they are also what the style gradients are taken with respect to.
 * Immutable.
 *
 * @param from  the index of the first layer they belong to
 * @param gamma per layer from {@code from} on, {@code [B, C]}
 * @param beta  per layer from {@code from} on, {@code [B, C]}
 */
record CinInputs(int from, List<Placeholder<TFloat32>> gamma, List<Placeholder<TFloat32>> beta) {

    /** The inputs of the layers a range normalises: all of them, or none for a layer alone without normalisation. */
    static CinInputs create(Ops tf, NetworkPlan plan, LayerRange range) {
        int to = range.normalize() ? range.to() : range.from();
        List<Placeholder<TFloat32>> gammas = new ArrayList<>(to - range.from());
        List<Placeholder<TFloat32>> betas = new ArrayList<>(to - range.from());
        for (int i = range.from(); i < to; i++) {
            Shape shape = Shape.of(Shape.UNKNOWN_SIZE, plan.layer(i).layer().outChannels());
            gammas.add(tf.withName("gamma_" + i).placeholder(TFloat32.class, Placeholder.shape(shape)));
            betas.add(tf.withName("beta_" + i).placeholder(TFloat32.class, Placeholder.shape(shape)));
        }
        return new CinInputs(range.from(), List.copyOf(gammas), List.copyOf(betas));
    }

    /** The gamma input of layer {@code index}. */
    Placeholder<TFloat32> gamma(int index) {
        return gamma.get(index - from);
    }

    /** The beta input of layer {@code index}. */
    Placeholder<TFloat32> beta(int index) {
        return beta.get(index - from);
    }

    /**
     * Feeds the batch's gamma/beta of these layers.
     *
     * @param styles one row per image (per style of the mask, for a masked batch), checked by core
     */
    void feed(Session.Runner runner, Feeds feeds, StyleBatch styles) {
        int rows = styles.rows();
        for (int i = 0; i < gamma.size(); i++) {
            int channels = Math.toIntExact(gamma.get(i).shape().get(1));
            runner.feed(gamma.get(i), feeds.floats(styles.gamma(from + i), rows, channels));
            runner.feed(beta.get(i), feeds.floats(styles.beta(from + i), rows, channels));
        }
    }

    /** Every gamma, then every beta: the order in which the training graph fetches their gradients. */
    List<Output<?>> outputs() {
        List<Output<?>> all = new ArrayList<>(2 * gamma.size());
        gamma.forEach(p -> all.add(p.output()));
        beta.forEach(p -> all.add(p.output()));
        return all;
    }
}
