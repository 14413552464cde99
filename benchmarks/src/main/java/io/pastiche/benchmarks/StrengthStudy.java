package io.pastiche.benchmarks;

import io.pastiche.DefaultModel;
import io.pastiche.image.ImageFiles;
import io.pastiche.image.ImageTensors;
import io.pastiche.image.PixelBlend;
import io.pastiche.image.Resize;
import io.pastiche.loss.ContentLoss;
import io.pastiche.loss.LossSpec;
import io.pastiche.lossnet.InputNormalization;
import io.pastiche.lossnet.LossNetwork;
import io.pastiche.lossnet.Pooling;
import io.pastiche.lossnet.VggSpec;
import io.pastiche.lossnet.VggWeightsFile;
import io.pastiche.model.Model;
import io.pastiche.network.ConvLayer;
import io.pastiche.norm.ConditionalInstanceNorm;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.plan.NetworkPlan;
import io.pastiche.plan.PlannedLayer;
import io.pastiche.spi.Backend;
import io.pastiche.spi.Backends;
import io.pastiche.spi.CompiledNetwork;
import io.pastiche.spi.TrainingGraph;
import io.pastiche.tensor.Tensor;
import io.pastiche.train.StyleEvaluation;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Two ways to a style strength, compared: blending the pastiche with its photo pixel by pixel
 * ({@link PixelBlend}), and moving each normalisation's gamma and beta towards the values that leave its input
 * unchanged ({@code gamma -> sqrt(var + eps)}, {@code beta -> mean}: at strength {@code s} each layer gives
 * {@code (1 - s) * x + s * CIN(x)} of its convolution's output {@code x}). The second is computed here layer by
 * layer with core's layer ranges and the normalisation in Java. For each strength, the style loss of the result
 * against the painting and its content loss against the photo, with the losses of {@code pastiche evaluate}
 * (VGG-19, average pooling, content relu3_1, style relu1_1..relu4_1 at weight 1e-4), and the pictures.
 *
 * <pre>benchmarks/bench strength-study PHOTO STYLE PAINTING VGG19-WEIGHTS SIDE OUTPUT-FOLDER</pre>
 */
public final class StrengthStudy {

    private static final double[] STRENGTHS = {0, 0.25, 0.5, 0.75, 1};

    private StrengthStudy() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 6) {
            System.err.println("usage: StrengthStudy PHOTO STYLE PAINTING VGG19-WEIGHTS SIDE OUTPUT-FOLDER");
            System.exit(2);
        }
        BufferedImage photo = Resize.toFit(ImageFiles.read(Path.of(args[0])), Integer.parseInt(args[4]));
        Model model = DefaultModel.read();
        int style = model.styles().stream().filter(s -> s.name().equals(args[1])).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no style " + args[1])).index();
        BufferedImage painting = Resize.toFit(ImageFiles.read(Path.of(args[2])), 512);
        LossSpec loss = LossSpec.vgg19(1e-4);
        VggSpec vgg = new VggSpec("vgg19", VggSpec.vgg19().layersUpTo(loss.features()));
        LossNetwork lossNetwork = VggWeightsFile.read(Path.of(args[3]), vgg, Pooling.AVERAGE,
                InputNormalization.TORCHVISION);
        Path out = Files.createDirectories(Path.of(args[5]));
        Tensor input = ImageTensors.toTensor(List.of(photo));
        StyleEmbedding embedding = model.cin().embedding(style);
        try (Backend backend = Backends.discover().choose(null).open();
             CompiledNetwork network = backend.compile(model.spec(), model.weights());
             TrainingGraph losses = backend.compileTraining(model.spec(), lossNetwork, loss)) {
            List<float[]> target = losses.styleGrams(ImageTensors.toTensor(List.of(painting)));
            Tensor photoFeatures = losses.contentFeatures(input);
            BufferedImage pastiche = ImageTensors.toImage(network.forward(input, List.of(embedding)), 0, photo);
            System.out.printf(Locale.ROOT, "%s in %s, %dx%d, backend %s%n%n", args[0], args[1], photo.getWidth(),
                    photo.getHeight(), backend.name());
            System.out.println("| strength | blend: style loss | blend: content loss | gamma/beta: style loss "
                    + "| gamma/beta: content loss |");
            System.out.println("|--:|--:|--:|--:|--:|");
            for (double s : STRENGTHS) {
                BufferedImage blended = PixelBlend.apply(photo, pastiche, s);
                BufferedImage moved = ImageTensors.toImage(towardsIdentity(network, input, embedding, s), 0, photo);
                ImageFiles.write(blended, out.resolve(String.format(Locale.ROOT, "blend-%.2f.png", s)));
                ImageFiles.write(moved, out.resolve(String.format(Locale.ROOT, "gamma-beta-%.2f.png", s)));
                System.out.printf(Locale.ROOT, "| %.2f | %.3g | %.3g | %.3g | %.3g |%n", s,
                        styleLoss(losses, blended, target, loss), contentLoss(losses, blended, photoFeatures),
                        styleLoss(losses, moved, target, loss), contentLoss(losses, moved, photoFeatures));
            }
        }
    }

    /**
     * The network with every normalisation moved towards the identity: per layer, its convolution alone (a layer
     * range), then per channel {@code (1 - s) * x + s * (gamma * (x - mean) / sqrt(var + eps) + beta)} and the
     * activation, the residual joins as the network has them.
     */
    private static Tensor towardsIdentity(CompiledNetwork network, Tensor input, StyleEmbedding style, double s) {
        NetworkPlan plan = network.plan();
        Tensor x = input;
        Tensor blockInput = null;
        for (PlannedLayer layer : plan.layers()) {
            if (layer.keepInput()) {
                blockInput = x;
            }
            Tensor y = network.forward(plan.layer(layer.index(), false), x, List.of(style));
            float[] v = y.data();
            int plane = y.height() * y.width();
            ConvLayer conv = layer.layer();
            for (int c = 0; c < y.channels(); c++) {
                double sum = 0;
                double squares = 0;
                for (int i = c * plane; i < (c + 1) * plane; i++) {
                    sum += v[i];
                    squares += (double) v[i] * v[i];
                }
                double mean = sum / plane;
                double deviation = Math.sqrt(Math.max(0, squares / plane - mean * mean)
                        + ConditionalInstanceNorm.EPSILON);
                double gamma = style.gamma(layer.index())[c];
                double beta = style.beta(layer.index())[c];
                double a = (1 - s) + s * gamma / deviation;
                double b = s * (beta - gamma * mean / deviation);
                for (int i = c * plane; i < (c + 1) * plane; i++) {
                    v[i] = (float) conv.activation().apply(a * v[i] + b);
                }
            }
            if (layer.joins()) {
                for (int i = 0; i < v.length; i++) {
                    v[i] += blockInput.data()[i];
                }
            }
            x = y;
        }
        return x;
    }

    private static double styleLoss(TrainingGraph losses, BufferedImage image, List<float[]> target, LossSpec loss) {
        return StyleEvaluation.weightedStyleLoss(loss, losses.styleGrams(ImageTensors.toTensor(List.of(image))),
                target);
    }

    private static double contentLoss(TrainingGraph losses, BufferedImage image, Tensor photoFeatures) {
        return ContentLoss.of(losses.contentFeatures(ImageTensors.toTensor(List.of(image))), photoFeatures);
    }
}
