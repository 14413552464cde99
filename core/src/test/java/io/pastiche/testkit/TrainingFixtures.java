package io.pastiche.testkit;

import io.pastiche.loss.LossSpec;
import io.pastiche.lossnet.InputNormalization;
import io.pastiche.lossnet.LossNetwork;
import io.pastiche.lossnet.Pooling;
import io.pastiche.lossnet.VggLayer;
import io.pastiche.lossnet.VggSpec;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Small loss networks and loss specs for training tests. */
public final class TrainingFixtures {

    private TrainingFixtures() {
    }

    /** A VGG-shaped network of 4, 6, 8, 8 channels with He-initialised random weights and random biases. */
    public static LossNetwork tinyVgg(Pooling pooling, long seed) {
        VggSpec spec = VggSpec.of("tinyvgg", new int[] {1, 1, 2}, new int[] {4, 6, 8});
        return randomWeights(spec, pooling, seed);
    }

    /** Random weights for any VGG-shaped spec. */
    public static LossNetwork randomWeights(VggSpec spec, Pooling pooling, long seed) {
        Random random = new Random(seed);
        List<float[]> weights = new ArrayList<>();
        List<float[]> biases = new ArrayList<>();
        for (VggLayer conv : spec.convolutions()) {
            float[] w = new float[conv.outChannels() * conv.inChannels() * 9];
            double std = Math.sqrt(2.0 / (conv.inChannels() * 9));
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) (std * random.nextGaussian());
            }
            float[] b = new float[conv.outChannels()];
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) (0.1 * random.nextGaussian());
            }
            weights.add(w);
            biases.add(b);
        }
        return new LossNetwork(spec, weights, biases, pooling, InputNormalization.TORCHVISION);
    }

    /** Content relu2_1; style relu1_1, relu2_1, relu3_2; total variation on: every term of the loss is used. */
    public static LossSpec tinyLoss() {
        Map<String, Double> style = new LinkedHashMap<>();
        style.put("relu1_1", 0.5);
        style.put("relu2_1", 0.2);
        style.put("relu3_2", 0.1);
        return new LossSpec("relu2_1", 1.0, style, 0.3);
    }

    /** A painting with a strong, simple style: diagonal stripes of saturated red and blue. */
    public static BufferedImage stripes() {
        BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                image.setRGB(x, y, ((x + y) / 4) % 2 == 0 ? 0xe02020 : 0x2030e0);
            }
        }
        return image;
    }

    /** Photo-like images: smooth colour gradients with some noise, 40x36, each its own. */
    public static List<BufferedImage> photos(int count) {
        List<BufferedImage> photos = new ArrayList<>();
        Random random = new Random(count);
        for (int i = 0; i < count; i++) {
            BufferedImage image = new BufferedImage(40, 36, BufferedImage.TYPE_INT_RGB);
            int phase = random.nextInt(64);
            for (int y = 0; y < 36; y++) {
                for (int x = 0; x < 40; x++) {
                    int r = Math.min(255, 4 * x + phase + random.nextInt(16));
                    int g = Math.min(255, 5 * y + random.nextInt(16));
                    int b = Math.min(255, 2 * (x + y) + random.nextInt(16));
                    image.setRGB(x, y, r << 16 | g << 8 | b);
                }
            }
            photos.add(image);
        }
        return photos;
    }
}
