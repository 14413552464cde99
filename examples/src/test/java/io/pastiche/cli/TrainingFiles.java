package io.pastiche.cli;

import io.pastiche.lossnet.VggLayer;
import io.pastiche.lossnet.VggSpec;
import io.pastiche.model.DType;
import io.pastiche.model.SafetensorsWriter;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * The inputs of a tiny training run, written into a folder: two paintings, three photos, and a VGG-19 weights
 * file holding only the layers up to relu2_1 (real VGG-19 shapes, random weights: 450 KB where the whole network
 * would be 80 MB). Runs use the losses {@link #LOSS} on that part, and a small network ({@link #SMALL}).
 */
final class TrainingFiles {

    /** Losses within the tiny VGG file: style relu1_1 and relu2_1, content relu2_1. */
    static final List<Object> LOSS = List.of("--style-layers", "relu1_1,relu2_1", "--content-layer", "relu2_1");

    /** A tiny, fast run: a small crop and batch, no sample sheets. */
    static final List<Object> SMALL = List.of("--crop", "32", "--batch", "2", "--sample-every", "0");

    /** The network {@code train} makes: the smallest sensible. */
    static final List<Object> ALPHA = List.of("--alpha", "0.125");

    final Path paintings;
    final Path photos;
    final Path vgg;

    private TrainingFiles(Path paintings, Path photos, Path vgg) {
        this.paintings = paintings;
        this.photos = photos;
        this.vgg = vgg;
    }

    static TrainingFiles in(Path dir) throws IOException {
        Path paintings = Files.createDirectories(dir.resolve("paintings"));
        image(paintings.resolve("starry_night.png"), 48, 40, 1);
        image(paintings.resolve("the_scream.jpg"), 40, 52, 2);
        Path photos = Files.createDirectories(dir.resolve("photos"));
        image(photos.resolve("a.png"), 64, 48, 3);
        image(photos.resolve("b.jpg"), 40, 60, 4);
        image(photos.resolve("c.png"), 50, 50, 5);
        Path vgg = dir.resolve("vgg19-to-relu2_1.safetensors");
        writeVgg(vgg, VggSpec.vgg19(), 3);
        return new TrainingFiles(paintings, photos, vgg);
    }

    /**
     * The arguments every run needs (paintings, photos, VGG), then {@code more}, then those of {@link #LOSS},
     * {@link #SMALL} and (train) {@link #ALPHA} that {@code more} does not give.
     */
    List<Object> args(String command, Object... more) {
        List<Object> args = new ArrayList<>(List.of(command, "--styles", paintings, "--photos", photos, "--vgg", vgg));
        args.addAll(List.of(more));
        return withDefaults(args, command.equals("train"));
    }

    /** {@code args} followed by the options of {@link #LOSS}, {@link #SMALL} and {@link #ALPHA} it lacks. */
    static List<Object> withDefaults(List<Object> args, boolean alpha) {
        List<Object> defaults = new ArrayList<>(LOSS);
        defaults.addAll(SMALL);
        if (alpha) {
            defaults.addAll(ALPHA);
        }
        List<Object> all = new ArrayList<>(args);
        for (int i = 0; i < defaults.size(); i += 2) {
            if (!args.contains(defaults.get(i))) {
                all.add(defaults.get(i));
                all.add(defaults.get(i + 1));
            }
        }
        return all;
    }

    /** A smooth random image (a few colour waves), so that its features and Grams are not plain noise. */
    static Path image(Path file, int width, int height, long seed) throws IOException {
        Random random = new Random(seed);
        double[] f = new double[9];
        for (int i = 0; i < f.length; i++) {
            f[i] = 0.05 + 0.4 * random.nextDouble();
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = channel(Math.sin(f[0] * x + f[1] * y + f[2]));
                int g = channel(Math.sin(f[3] * x - f[4] * y + f[5]));
                int b = channel(Math.cos(f[6] * x * y / 40.0 + f[7] * y + f[8]));
                image.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        String name = file.getFileName().toString();
        ImageIO.write(image, name.endsWith(".png") ? "png" : "jpg", file.toFile());
        return file;
    }

    private static int channel(double wave) {
        return (int) Math.round(127.5 + 127.5 * wave);
    }

    /** The first {@code convolutions} convolutions of {@code spec} in torchvision's layout, He-random. */
    static void writeVgg(Path file, VggSpec spec, int convolutions) throws IOException {
        SafetensorsWriter writer = new SafetensorsWriter(DType.F32, Map.of());
        Random random = new Random(42);
        for (VggLayer conv : spec.convolutions().subList(0, convolutions)) {
            float[] weight = new float[conv.outChannels() * conv.inChannels() * 9];
            double std = Math.sqrt(2.0 / (conv.inChannels() * 9));
            for (int i = 0; i < weight.length; i++) {
                weight[i] = (float) (std * random.nextGaussian());
            }
            float[] bias = new float[conv.outChannels()];
            for (int i = 0; i < bias.length; i++) {
                bias[i] = (float) (0.01 * random.nextGaussian());
            }
            writer.add("features." + conv.index() + ".weight", conv.weightShape(), weight);
            writer.add("features." + conv.index() + ".bias", new long[] {conv.outChannels()}, bias);
        }
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writer.writeTo(out);
        }
    }
}
