package io.pastiche.nd4j;

import io.pastiche.network.ConvLayer;
import io.pastiche.plan.LayerOps;
import io.pastiche.plan.PlannedLayer;
import io.pastiche.plan.StyleBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The layers of one training call, as core's walk calls them, each recording what its hand-written backward pass
 * needs; {@link #backward} replays the records in reverse. Every form is convolved directly (upsampling and
 * reflect padding as copies, then one {@link Conv}): the backward pass is written for that form. Every array is
 * in the call's arena. One instance per call.
 */
final class Nd4jTape implements LayerOps<INDArray> {

    /** One recorded operation's backward pass: d/d its input from d/d its output. */
    @FunctionalInterface
    private interface Step {
        INDArray backward(INDArray grad, Gradients into);
    }

    /**
     * Where the backward pass puts the parameters' gradients, per layer index.
     *
     * @param weights d/d weight, HWIO, or null to skip reading them
     * @param gamma   d/d gamma, {@code [B*C, 1]}
     * @param beta    d/d beta
     */
    record Gradients(INDArray[] weights, INDArray[] gamma, INDArray[] beta) {
    }

    private final List<INDArray> weights;
    private final INDArray[] gamma;
    private final INDArray[] beta;
    private final Arena arena;
    private final List<Step> steps = new ArrayList<>();
    /** The number of steps recorded when each value became the walk's current map, for the joins. */
    private final Map<INDArray, Integer> positions = new IdentityHashMap<>();
    /** During {@link #backward}: per position, d/d the value there through a residual join's shortcut. */
    private final Map<Integer, INDArray> shortcuts = new HashMap<>();

    /**
     * @param weights the style network's HWIO weights, per layer
     * @param styles  the batch's gamma/beta, uploaded here as {@code [B*C, 1]} columns
     * @param arena   holds every array of the call
     */
    Nd4jTape(List<INDArray> weights, StyleBatch styles, Arena arena) {
        this.weights = weights;
        this.arena = arena;
        this.gamma = new INDArray[styles.layers()];
        this.beta = new INDArray[styles.layers()];
        for (int i = 0; i < styles.layers(); i++) {
            gamma[i] = Arrays4.upload(styles.gamma(i), new long[] {styles.gamma(i).length, 1}, arena);
            beta[i] = Arrays4.upload(styles.beta(i), new long[] {styles.beta(i).length, 1}, arena);
        }
    }

    @Override
    public INDArray convolve(PlannedLayer layer, INDArray x) {
        positions.putIfAbsent(x, steps.size());
        ConvLayer conv = layer.layer();
        INDArray padded = switch (layer.form()) {
            // the other forms are inference's speed-ups; their backward passes would be written for nothing
            case DIRECT, ROW_SPLIT, UPSAMPLE_PHASES -> PadAndResize.forward(x, conv.upsample(), conv.padding(), arena);
        };
        INDArray w = weights.get(layer.index());
        INDArray out = arena.add(Conv.forward(padded, w, null, conv.stride(), 0));
        return record(out, (grad, into) -> {
            INDArray[] grads = Conv.backward(padded, w, null, grad, conv.stride(), 0);
            for (INDArray a : grads) {
                arena.add(a);
            }
            if (into.weights() != null) {
                into.weights()[layer.index()] = grads[1];
            }
            return PadAndResize.backward(grads[0], conv.upsample(), conv.padding(), arena);
        });
    }

    @Override
    public INDArray normalize(PlannedLayer layer, INDArray y) {
        int i = layer.index();
        InstanceNorm.Saved[] saved = new InstanceNorm.Saved[1];
        INDArray out = InstanceNorm.training(y, gamma[i], beta[i], arena, saved);
        Activations.apply(layer.layer().activation(), out);
        return record(out, (grad, into) -> {
            INDArray dz = Activations.backward(layer.layer().activation(), out, grad, arena);
            INDArray[] dGamma = new INDArray[1];
            INDArray[] dBeta = new INDArray[1];
            INDArray dConv = InstanceNorm.backward(dz, saved[0], arena, dGamma, dBeta);
            into.gamma()[i] = dGamma[0];
            into.beta()[i] = dBeta[0];
            return dConv;
        });
    }

    /** The sum is a new array: the block output is kept for its normalisation's backward pass. */
    @Override
    public INDArray join(INDArray blockInput, INDArray blockOutput) {
        int start = positions.get(blockInput);
        return record(arena.add(blockOutput.add(blockInput)), (grad, into) -> {
            shortcuts.put(start, grad);
            return grad;
        });
    }

    private INDArray record(INDArray out, Step step) {
        steps.add(step);
        positions.put(out, steps.size());
        return out;
    }

    /**
     * Back-propagates {@code grad} (d/d the walk's output) through every recorded step, in reverse; a join's
     * gradient reaches its block's input both through the block and through the shortcut.
     *
     * @param grad d/d the output
     * @param into receives the parameters' gradients
     */
    void backward(INDArray grad, Gradients into) {
        INDArray g = grad;
        for (int p = steps.size(); p > 0; p--) {
            g = steps.get(p - 1).backward(g, into);
            INDArray shortcut = shortcuts.remove(p - 1);
            if (shortcut != null) {
                g = g.addi(shortcut);
            }
        }
    }
}
