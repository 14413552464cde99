package io.pastiche.plan;

import io.pastiche.network.Block;
import io.pastiche.network.ConvLayer;
import io.pastiche.network.NetworkSpec;
import io.pastiche.network.ResidualBlock;

import java.util.ArrayList;
import java.util.List;

/**
 * How a network is executed, decided once from its spec: its layers in order, each with its {@link ConvForm} and
 * its place in a residual block, and the one walk over them that every engine, the float64 reference and the
 * ONNX export share ({@link #walk}). Immutable and thread-safe.
 */
public final class NetworkPlan {

    private final NetworkSpec spec;
    private final List<PlannedLayer> layers;
    private final int minimumInputSize;

    private NetworkPlan(NetworkSpec spec) {
        this.spec = spec;
        List<PlannedLayer> planned = new ArrayList<>();
        for (Block block : spec.blocks()) {
            block.accept(new Block.Visitor<Void>() {
                @Override
                public Void convolution(ConvLayer layer) {
                    planned.add(new PlannedLayer(planned.size(), layer, ConvForm.of(layer), false, false));
                    return null;
                }

                @Override
                public Void residual(ResidualBlock residual) {
                    planned.add(new PlannedLayer(planned.size(), residual.first(), ConvForm.of(residual.first()),
                            true, false));
                    planned.add(new PlannedLayer(planned.size(), residual.second(), ConvForm.of(residual.second()),
                            false, true));
                    return null;
                }
            });
        }
        this.layers = List.copyOf(planned);
        this.minimumInputSize = spec.minimumInputSize();
    }

    /**
     * Plans a network.
     *
     * @param spec the network
     * @return its plan
     */
    public static NetworkPlan of(NetworkSpec spec) {
        return new NetworkPlan(spec);
    }

    /**
     * The network planned.
     *
     * @return the spec
     */
    public NetworkSpec spec() {
        return spec;
    }

    /**
     * Every layer in the order it runs; layer {@code i} has index {@code i}.
     *
     * @return the layers; not modifiable
     */
    public List<PlannedLayer> layers() {
        return layers;
    }

    /**
     * One layer.
     *
     * @param index the layer's index
     * @return the layer
     * @throws IndexOutOfBoundsException if there is no such layer
     */
    public PlannedLayer layer(int index) {
        return layers.get(index);
    }

    /**
     * The smallest input side the whole network accepts ({@link NetworkSpec#minimumInputSize()}, computed once).
     *
     * @return the side, in pixels
     */
    public int minimumInputSize() {
        return minimumInputSize;
    }

    /**
     * How many input pixels along a side one output pixel of a layer covers: {@code 2^k} after {@code k} stride-2
     * convolutions, halved by each x2 upsampling, the layers aligned at the top-left corner as the network's
     * geometry is. A style mask's weights are averaged over such blocks for the layer.
     *
     * @param index the layer's index
     * @return the side of the block, at least 1
     * @throws IllegalArgumentException if the layer is finer than the input (more upsampling than striding
     *                                  before it), where a pixel would cover part of an input pixel
     */
    public int inputPixelsPerPixel(int index) {
        int factor = 1;
        for (int i = 0; i <= index; i++) {
            ConvLayer conv = layers.get(i).layer();
            factor *= conv.stride();
            if (factor % conv.upsample() != 0) {
                throw new IllegalArgumentException("layer " + conv.name() + " is finer than the network's input,"
                        + " so a pixel of it covers part of an input pixel");
            }
            factor /= conv.upsample();
        }
        return factor;
    }

    /**
     * The whole network.
     *
     * @return every layer, normalised, with every residual join
     */
    public LayerRange all() {
        return new LayerRange(0, layers.size(), true);
    }

    /**
     * A range of whole layers, checked against this network.
     *
     * @param from the first layer's index
     * @param to   one past the last layer's index
     * @return the range, with every layer normalised
     * @throws IllegalArgumentException if the range is outside the network or, for several layers, cuts a
     *                                  residual block
     */
    public LayerRange range(int from, int to) {
        return check(new LayerRange(from, to, true));
    }

    /**
     * One layer alone, with or without its normalisation and activation, and without a residual join.
     *
     * @param index     the layer's index
     * @param normalize whether its normalisation and activation run
     * @return the range
     * @throws IllegalArgumentException if there is no such layer
     */
    public LayerRange layer(int index, boolean normalize) {
        return check(new LayerRange(index, index + 1, normalize));
    }

    /**
     * Checks that a range fits this network.
     *
     * @param range the range
     * @return {@code range}
     * @throws IllegalArgumentException if the range is outside the network or, for several layers, cuts a
     *                                  residual block
     */
    public LayerRange check(LayerRange range) {
        if (range.to() > layers.size()) {
            throw new IllegalArgumentException("the network has " + layers.size() + " layers, the range is ["
                    + range.from() + ", " + range.to() + ")");
        }
        if (range.size() > 1 && (layers.get(range.from()).joins() || layers.get(range.to() - 1).keepInput())) {
            throw new IllegalArgumentException("a range of several layers cannot cut a residual block: ["
                    + range.from() + ", " + range.to() + ") of a network whose residual blocks are "
                    + residualBlocks());
        }
        return range;
    }

    private List<String> residualBlocks() {
        List<String> blocks = new ArrayList<>();
        for (PlannedLayer layer : layers) {
            if (layer.keepInput()) {
                blocks.add("[" + layer.index() + ", " + (layer.index() + 2) + ")");
            }
        }
        return blocks;
    }

    /**
     * The input channels of a range: its first layer's.
     *
     * @param range a range of this network
     * @return the channels
     */
    public int inputChannels(LayerRange range) {
        return layers.get(range.from()).layer().inChannels();
    }

    /**
     * The smallest input side a range accepts: reflect padding by {@code p} needs a side of at least
     * {@code p + 1} at every layer.
     *
     * @param range a range of this network
     * @return the side, in pixels
     */
    public int minimumInputSize(LayerRange range) {
        if (range.from() == 0 && range.to() == layers.size()) {
            return minimumInputSize;
        }
        for (int side = 1; ; side++) {
            if (accepts(range, side)) {
                return side;
            }
        }
    }

    private boolean accepts(LayerRange range, int side) {
        int size = side;
        for (int i = range.from(); i < range.to(); i++) {
            ConvLayer conv = layers.get(i).layer();
            if (size * conv.upsample() <= conv.padding()) {
                return false;
            }
            size = conv.outputSize(size);
        }
        return true;
    }

    /**
     * The output side of a range for an input side.
     *
     * @param range     a range of this network
     * @param inputSide the input's side, in pixels
     * @return the output's side
     */
    public int outputSize(LayerRange range, int inputSide) {
        int size = inputSide;
        for (int i = range.from(); i < range.to(); i++) {
            size = layers.get(i).layer().outputSize(size);
        }
        return size;
    }

    /**
     * Runs a range of the network through an engine's layer operations: per layer, {@link LayerOps#convolve}, then
     * (unless the range leaves it out) {@link LayerOps#normalize}, then, where a residual block inside the range
     * ends, {@link LayerOps#join} with the block's input. The one walk over the network.
     *
     * @param <T>   the engine's feature map
     * @param range a range of this network ({@link #check})
     * @param ops   the engine's operations for this call or graph
     * @param input the range's input
     * @return the range's output
     * @throws IllegalArgumentException if the range does not fit this network
     */
    public <T> T walk(LayerRange range, LayerOps<T> ops, T input) {
        check(range);
        boolean alone = range.size() == 1;
        T x = input;
        T blockInput = null;
        for (int i = range.from(); i < range.to(); i++) {
            PlannedLayer layer = layers.get(i);
            if (layer.keepInput() && !alone) {
                blockInput = x;
            }
            T y = ops.convolve(layer, x);
            if (range.normalize()) {
                y = ops.normalize(layer, y);
            }
            if (layer.joins() && !alone) {
                y = ops.join(blockInput, y);
                blockInput = null;
            }
            x = y;
        }
        return x;
    }

    /**
     * Runs the whole network: {@link #walk} of {@link #all()}.
     *
     * @param <T>   the engine's feature map
     * @param ops   the engine's operations for this call or graph
     * @param input the network's input, RGB
     * @return the network's output, not cropped
     */
    public <T> T walk(LayerOps<T> ops, T input) {
        return walk(all(), ops, input);
    }
}
