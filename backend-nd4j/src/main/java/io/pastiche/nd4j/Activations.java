package io.pastiche.nd4j;

import io.pastiche.network.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The activations of {@link Activation}, in place, and their backward passes from the activation's output. */
final class Activations {

    private Activations() {
    }

    static INDArray apply(Activation activation, INDArray x) {
        return switch (activation) {
            case RELU -> Transforms.relu(x, false);
            case SIGMOID -> Transforms.sigmoid(x, false);
            case NONE -> x;
        };
    }

    /** d/d input from d/d output and the output {@code y}; a new array (or {@code grad} for NONE). */
    static INDArray backward(Activation activation, INDArray y, INDArray grad, Arena arena) {
        return switch (activation) {
            // y > 0 exactly where the input was: sign(y) is the mask
            case RELU -> arena.add(Transforms.sign(y, true)).muli(grad);
            // sigmoid' = y (1 - y)
            case SIGMOID -> arena.add(y.rsub(1.0)).muli(y).muli(grad);
            case NONE -> grad;
        };
    }
}
