package io.pastiche.benchmarks;

import io.pastiche.model.Model;
import io.pastiche.network.Activation;
import io.pastiche.network.Block;
import io.pastiche.network.ConvLayer;
import io.pastiche.network.NetworkSpec;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random inputs for the benchmarks, seeded so every backend sees the same numbers: weights N(0, 0.01) as the paper
 * initialises them, gamma U(0.5, 1.5), beta N(0, 0.5), images U(0, 1). The values do not change the work done.
 */
public final class Fixtures {

    private Fixtures() {
    }

    /** One OIHW array per convolution of the spec: those of {@link Model#untrained}, N(0, 0.01). */
    public static List<float[]> weights(NetworkSpec spec, long seed) {
        return Model.untrained(spec, 1.0, List.of("fixture"), seed).weights();
    }

    /** {@code count} different styles for the spec. */
    public static List<StyleEmbedding> styles(NetworkSpec spec, int count, long seed) {
        Random random = new Random(seed);
        List<StyleEmbedding> styles = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            List<float[]> gamma = new ArrayList<>();
            List<float[]> beta = new ArrayList<>();
            for (ConvLayer conv : spec.convolutions()) {
                float[] g = new float[conv.outChannels()];
                float[] b = new float[conv.outChannels()];
                for (int c = 0; c < g.length; c++) {
                    g[c] = (float) (0.5 + random.nextDouble());
                    b[c] = (float) (0.5 * random.nextGaussian());
                }
                gamma.add(g);
                beta.add(b);
            }
            styles.add(new StyleEmbedding(gamma, beta));
        }
        return styles;
    }

    /** A batch of RGB images with values uniform in [0, 1]. */
    public static Tensor images(int batch, int height, int width, long seed) {
        return new Tensor(floats(batch * 3 * height * width, seed), batch, 3, height, width);
    }

    /** Values uniform in [0, 1). */
    public static float[] floats(int count, long seed) {
        Random random = new Random(seed);
        float[] data = new float[count];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextFloat();
        }
        return data;
    }

    /**
     * A network that runs one layer as the SPI allows it: a {@link NetworkSpec} must take and give RGB, so a layer
     * whose input is not 3 channels is preceded by a 1x1 convolution from RGB to its input channels, and one whose
     * output is not 3 channels is followed by a 1x1 convolution back to RGB. Every convolution brings its CIN and
     * activation, as in the network.
     *
     * @param layer   the layer to measure
     * @param without true for the frame alone, to subtract: the same head, and a 1x1 convolution from the layer's
     *                input channels to RGB with the layer's upsampling and stride in place of the layer and its tail
     */
    public static NetworkSpec probe(ConvLayer layer, boolean without) {
        List<Block> blocks = new ArrayList<>();
        if (layer.inChannels() != NetworkSpec.IMAGE_CHANNELS) {
            blocks.add(new ConvLayer("probe/head", NetworkSpec.IMAGE_CHANNELS, layer.inChannels(), 1, 1, 1,
                    Activation.RELU));
        }
        if (without) {
            blocks.add(new ConvLayer("probe/tail", layer.inChannels(), NetworkSpec.IMAGE_CHANNELS, 1,
                    layer.stride(), layer.upsample(), Activation.SIGMOID));
        } else {
            blocks.add(new ConvLayer("probe/layer", layer.inChannels(), layer.outChannels(), layer.kernel(),
                    layer.stride(), layer.upsample(), layer.activation()));
            if (layer.outChannels() != NetworkSpec.IMAGE_CHANNELS) {
                blocks.add(new ConvLayer("probe/tail", layer.outChannels(), NetworkSpec.IMAGE_CHANNELS, 1, 1, 1,
                        Activation.SIGMOID));
            }
        }
        return new NetworkSpec(blocks);
    }

    /** The layer of {@code NetworkSpec.standard(1.0)} with this name, and the side of its input for an image side. */
    public static LayerAt standardLayer(String name, int imageSide) {
        int side = imageSide;
        for (ConvLayer conv : NetworkSpec.standard(1.0).convolutions()) {
            if (conv.name().equals(name)) {
                return new LayerAt(conv, side);
            }
            side = conv.outputSize(side);
        }
        throw new IllegalArgumentException("no layer " + name + " in NetworkSpec.standard(1.0)");
    }

    /** A layer and the side of its input. */
    public record LayerAt(ConvLayer layer, int inputSide) {

        /** The layer's floating-point operations at that size (a multiply-add counts two). */
        public double flops() {
            return layer.flops(inputSide, inputSide);
        }
    }
}
