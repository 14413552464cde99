package io.pastiche.testkit;

import io.pastiche.Style;
import io.pastiche.model.Model;
import io.pastiche.network.ConvLayer;
import io.pastiche.network.NetworkSpec;
import io.pastiche.norm.CinParameters;
import io.pastiche.norm.ConditionalInstanceNorm;
import io.pastiche.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random models and images for tests. Unlike {@link Model#untrained}, gamma and beta are random too, so
 * every style differs and a backend that mixes up styles or layers is caught.
 */
public final class RandomModels {

    private RandomModels() {
    }

    /** Weights N(0, 0.01) as the reference initialises them; gamma U(0.5, 1.5); beta N(0, 0.5). */
    public static Model model(NetworkSpec spec, int styles, long seed) {
        Random random = new Random(seed);
        List<float[]> weights = new ArrayList<>();
        List<ConditionalInstanceNorm> norms = new ArrayList<>();
        for (ConvLayer conv : spec.convolutions()) {
            float[] w = new float[conv.weightCount()];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) (0.01 * random.nextGaussian());
            }
            weights.add(w);
            float[] gamma = new float[styles * conv.outChannels()];
            float[] beta = new float[gamma.length];
            for (int i = 0; i < gamma.length; i++) {
                gamma[i] = (float) (0.5 + random.nextDouble());
                beta[i] = (float) (0.5 * random.nextGaussian());
            }
            norms.add(new ConditionalInstanceNorm(conv.name(), styles, conv.outChannels(), gamma, beta));
        }
        List<Style> names = new ArrayList<>();
        for (int i = 0; i < styles; i++) {
            names.add(new Style(i, "style" + i, "painter " + i, "random test style"));
        }
        return new Model(spec, 1.0, weights, new CinParameters(spec, norms), names);
    }

    /** A batch of images with values uniform in [0, 1]. */
    public static Tensor images(int batch, int height, int width, long seed) {
        Random random = new Random(seed);
        float[] data = new float[batch * 3 * height * width];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextFloat();
        }
        return new Tensor(data, batch, 3, height, width);
    }

    /**
     * A label image of three regions: red in the left third, the rest green above the middle and blue below, for
     * style masks ({@code StyleMask.ofLabels}).
     */
    public static BufferedImage threeRegionLabels(int width, int height) {
        BufferedImage labels = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                labels.setRGB(x, y, x < width / 3 ? 0xff0000 : y < height / 2 ? 0x00ff00 : 0x0000ff);
            }
        }
        return labels;
    }

    /** A picture of a {@code BufferedImage} type, every pixel a random ARGB value (as the type keeps it). */
    public static BufferedImage picture(int type, int width, int height, long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, type);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt());
            }
        }
        return image;
    }
}
