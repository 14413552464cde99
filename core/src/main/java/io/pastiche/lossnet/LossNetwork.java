package io.pastiche.lossnet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A VGG feature extractor with its weights: the fixed network the training losses are measured with.
 * Immutable; arrays are copied in and out.
 *
 * @param spec          the layers
 * @param weights       per convolution of {@code spec}, OIHW
 * @param biases        per convolution
 * @param pooling       average (the paper) or max (VGG as trained)
 * @param normalization what the weights expect of their input
 */
public record LossNetwork(VggSpec spec, List<float[]> weights, List<float[]> biases, Pooling pooling,
                          InputNormalization normalization) {

    /**
     * Checks the arrays against the layers and copies them.
     *
     * @param spec          the layers
     * @param weights       per convolution of {@code spec}, OIHW, {@code out * in * 3 * 3} values; copied
     * @param biases        per convolution, {@code out} values; copied
     * @param pooling       average or max
     * @param normalization what the weights expect of their input
     * @throws IllegalArgumentException if the number of arrays or an array's length does not fit {@code spec}
     */
    public LossNetwork {
        List<VggLayer> convs = spec.convolutions();
        if (weights.size() != convs.size() || biases.size() != convs.size()) {
            throw new IllegalArgumentException(spec.name() + " has " + convs.size() + " convolutions, got "
                    + weights.size() + " weights and " + biases.size() + " biases");
        }
        List<float[]> w = new ArrayList<>();
        List<float[]> b = new ArrayList<>();
        for (int i = 0; i < convs.size(); i++) {
            VggLayer conv = convs.get(i);
            if (weights.get(i).length != conv.outChannels() * conv.inChannels() * 9
                    || biases.get(i).length != conv.outChannels()) {
                throw new IllegalArgumentException(conv.name() + ": wrong number of weights or biases");
            }
            w.add(weights.get(i).clone());
            b.add(biases.get(i).clone());
        }
        weights = List.copyOf(w);
        biases = List.copyOf(b);
    }

    /**
     * Weights per convolution.
     *
     * @return copies, OIHW, in the order of {@link VggSpec#convolutions()}
     */
    @Override
    public List<float[]> weights() {
        return weights.stream().map(float[]::clone).toList();
    }

    /**
     * Biases per convolution.
     *
     * @return copies, in the order of {@link VggSpec#convolutions()}
     */
    @Override
    public List<float[]> biases() {
        return biases.stream().map(float[]::clone).toList();
    }

    /**
     * Weights of one convolution.
     *
     * @param i the convolution's position in {@link VggSpec#convolutions()}
     * @return a copy, OIHW
     * @throws IndexOutOfBoundsException if there is no convolution {@code i}
     */
    public float[] weight(int i) {
        return weights.get(i).clone();
    }

    /**
     * Bias of one convolution.
     *
     * @param i the convolution's position in {@link VggSpec#convolutions()}
     * @return a copy, one value per output channel
     * @throws IndexOutOfBoundsException if there is no convolution {@code i}
     */
    public float[] bias(int i) {
        return biases.get(i).clone();
    }

    /**
     * A checksum of every weight and bias, to tell two weight files apart (not a cryptographic hash). A training
     * checkpoint records it, so that a run resumes only with the same weights.
     *
     * @return a hash of the values, stable across JVMs
     */
    public int weightsChecksum() {
        int hash = 1;
        for (int i = 0; i < weights.size(); i++) {
            hash = 31 * (31 * hash + Arrays.hashCode(weights.get(i))) + Arrays.hashCode(biases.get(i));
        }
        return hash;
    }

    /**
     * The same weights with another pooling.
     *
     * @param other the pooling
     * @return a new loss network; this one is unchanged
     */
    public LossNetwork withPooling(Pooling other) {
        return new LossNetwork(spec, weights, biases, other, normalization); // the constructor copies
    }
}
