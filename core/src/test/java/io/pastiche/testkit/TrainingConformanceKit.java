package io.pastiche.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.pastiche.LoadOptions;
import io.pastiche.Style;
import io.pastiche.StyleMix;
import io.pastiche.loss.LossSpec;
import io.pastiche.loss.LossTerms;
import io.pastiche.lossnet.LossNetwork;
import io.pastiche.lossnet.Pooling;
import io.pastiche.model.Model;
import io.pastiche.network.NetworkSpec;
import io.pastiche.norm.ConditionalInstanceNorm;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.spi.Backend;
import io.pastiche.spi.BackendProvider;
import io.pastiche.spi.LossGradients;
import io.pastiche.tensor.Tensor;
import io.pastiche.spi.TrainingGraph;
import io.pastiche.train.Trainer;
import io.pastiche.train.TrainingConfig;
import io.pastiche.train.TrainingListener;
import io.pastiche.train.TrainingProgress;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The training tests every backend that trains passes: its {@link TrainingGraph} computes the loss of
 * {@link ReferenceTraining} within {@value #LOSS_TOLERANCE} (relative), and gradients that agree with the
 * reference's central finite differences within {@value #GRADIENT_TOLERANCE} of the largest gradient checked.
 * Extend it as {@link BackendConformanceKit}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class TrainingConformanceKit {

    public static final double LOSS_TOLERANCE = 1e-4;
    public static final double GRADIENT_TOLERANCE = 2e-3;

    private final Model model = RandomModels.model(NetworkSpec.standard(0.125), 3, 21);
    private final LossSpec loss = TrainingFixtures.tinyLoss();
    private final Tensor content = RandomModels.images(2, 16, 14, 22);
    private final Tensor styleImage = RandomModels.images(1, 20, 24, 23);
    private Backend backend;

    protected abstract BackendProvider provider();

    @BeforeAll
    void openBackend() {
        backend = provider().open();
    }

    @AfterAll
    void closeBackend() {
        if (backend != null) {
            backend.close();
        }
    }

    private List<StyleEmbedding> styles() {
        return List.of(model.cin().embedding(2), model.cin().embedding(StyleMix.of(0, 0.6, 1, 0.5)));
    }

    private static List<List<float[]>> targets(List<double[]> grams, int batch) {
        List<float[]> asFloats = new ArrayList<>();
        for (double[] g : grams) {
            float[] f = new float[g.length];
            for (int i = 0; i < g.length; i++) {
                f[i] = (float) g[i];
            }
            asFloats.add(f);
        }
        return java.util.Collections.nCopies(batch, asFloats);
    }

    @ParameterizedTest
    @EnumSource(Pooling.class)
    void styleGramsAndLossTermsMatchReference(Pooling pooling) {
        LossNetwork vgg = TrainingFixtures.tinyVgg(pooling, 24);
        ReferenceTraining reference = new ReferenceTraining(model, vgg, loss);
        List<double[]> expectedGrams = reference.styleGrams(styleImage);
        List<List<float[]>> targets = targets(expectedGrams, 2);
        // Targets far from the pastiche's Grams would make the style term dominate; these are a real style's.
        try (TrainingGraph graph = backend.compileTraining(model.spec(), vgg, loss)) {
            List<float[]> grams = graph.styleGrams(styleImage);
            assertThat(grams).hasSize(expectedGrams.size());
            for (int l = 0; l < grams.size(); l++) {
                assertClose(grams.get(l), expectedGrams.get(l), LOSS_TOLERANCE, "Gram " + l);
            }
            // the content layer's features of any image: what judging a picture made otherwise needs
            Tensor features = graph.contentFeatures(styleImage);
            FeatureMap image = new FeatureMap(3, styleImage.height(), styleImage.width());
            for (int i = 0; i < image.data().length; i++) {
                image.data()[i] = styleImage.data()[i];
            }
            FeatureMap expectedFeatures = new ReferenceLossNetwork(vgg).features(image, List.of(loss.contentLayer()))
                    .get(loss.contentLayer());
            assertThat(features.channels()).isEqualTo(expectedFeatures.channels());
            assertThat(features.height()).isEqualTo(expectedFeatures.height());
            Tolerance.assertClose(features, 0, expectedFeatures, LOSS_TOLERANCE, "content features");
            LossTerms expected = reference.loss(model.weights(), content, styles(), targets);
            LossTerms actual = graph.lossAndGradients(model.weights(), content, styles(), targets, false).terms();
            assertRelative(actual.content(), expected.content(), "content");
            assertRelative(actual.totalVariation(), expected.totalVariation(), "total variation");
            for (String layer : loss.styleWeights().keySet()) {
                assertRelative(actual.style().get(layer), expected.style().get(layer), "style " + layer);
            }
            assertRelative(actual.total(), expected.total(), "total");
        }
    }

    @Test
    void styleGradientsMatchFiniteDifferences() {
        LossNetwork vgg = TrainingFixtures.tinyVgg(Pooling.AVERAGE, 25);
        ReferenceTraining reference = new ReferenceTraining(model, vgg, loss);
        List<List<float[]>> targets = targets(reference.styleGrams(styleImage), 2);
        LossGradients gradients;
        LossGradients withoutWeights;
        try (TrainingGraph graph = backend.compileTraining(model.spec(), vgg, loss)) {
            gradients = graph.lossAndGradients(model.weights(), content, styles(), targets, true);
            withoutWeights = graph.lossAndGradients(model.weights(), content, styles(), targets, false);
        }
        assertThat(withoutWeights.weightGradients()).isEmpty();
        List<Double> actual = new ArrayList<>();
        List<Double> expected = new ArrayList<>();
        for (int image = 0; image < 2; image++) {
            for (int layer : new int[] {0, 4, 15}) {
                StyleEmbedding grad = gradients.styleGradients().get(image);
                assertThat(withoutWeights.styleGradients().get(image).gamma(layer)).containsExactly(grad.gamma(layer));
                for (int c = 0; c < grad.gamma(layer).length; c++) {
                    for (boolean gamma : new boolean[] {true, false}) {
                        int img = image;
                        int lay = layer;
                        int ch = c;
                        actual.add((double) (gamma ? grad.gamma(layer)[c] : grad.beta(layer)[c]));
                        expected.add(centralDifference(v -> reference.loss(model.weights(), content,
                                perturbed(styles(), img, lay, ch, gamma, v), targets).total(),
                                (gamma ? styles().get(image).gamma(layer) : styles().get(image).beta(layer))[c]));
                    }
                }
            }
        }
        assertGradients(actual, expected, "gamma/beta");
    }

    @Test
    void weightGradientsMatchFiniteDifferences() {
        LossNetwork vgg = TrainingFixtures.tinyVgg(Pooling.MAX, 26);
        ReferenceTraining reference = new ReferenceTraining(model, vgg, loss);
        List<List<float[]>> targets = targets(reference.styleGrams(styleImage), 2);
        LossGradients gradients;
        try (TrainingGraph graph = backend.compileTraining(model.spec(), vgg, loss)) {
            gradients = graph.lossAndGradients(model.weights(), content, styles(), targets, true);
        }
        assertThat(gradients.weightGradients()).hasSize(model.spec().convolutions().size());
        java.util.Random random = new java.util.Random(27);
        List<Double> actual = new ArrayList<>();
        List<Double> expected = new ArrayList<>();
        for (int layer : new int[] {0, 2, 3, 9, 13, 15}) {
            for (int k = 0; k < 6; k++) {
                int index = random.nextInt(model.weights().get(layer).length);
                int lay = layer;
                actual.add((double) gradients.weightGradients().get(layer)[index]);
                expected.add(centralDifference(v -> {
                    List<float[]> w = model.weights();
                    w.get(lay)[index] = (float) v;
                    return reference.loss(w, content, styles(), targets).total();
                }, model.weights().get(layer)[index]));
            }
        }
        assertGradients(actual, expected, "convolution weights");
    }

    /**
     * d f / d x at x0, with the steps actually representable in float32. The reference is float64, so the step
     * can be small: the loss is strongly curved (CIN makes it depend on the weights' direction; ReLU and max
     * pooling add kinks), and steps of 1e-3 (a tenth of a typical weight) or 1 % of gamma gave differences off by
     * up to 30 % of the largest gradient, where steps of 1e-6 and 1e-7 agree with each other to 1e-5.
     */
    private static double centralDifference(DoubleUnaryOperator f, float x0) {
        double h = Math.max(1e-6, Math.abs(x0) * 1e-5);
        float up = (float) (x0 + h);
        float down = (float) (x0 - h);
        return (f.applyAsDouble(up) - f.applyAsDouble(down)) / ((double) up - down);
    }

    private static List<StyleEmbedding> perturbed(List<StyleEmbedding> styles, int image, int layer, int channel,
                                                  boolean gamma, double value) {
        List<StyleEmbedding> out = new ArrayList<>(styles);
        StyleEmbedding s = styles.get(image);
        List<float[]> gammas = new ArrayList<>();
        List<float[]> betas = new ArrayList<>();
        for (int l = 0; l < s.layers(); l++) {
            gammas.add(s.gamma(l));
            betas.add(s.beta(l));
        }
        (gamma ? gammas : betas).get(layer)[channel] = (float) value;
        out.set(image, new StyleEmbedding(gammas, betas));
        return out;
    }

    /**
     * The paper's fine-tuning on this engine: a new style trained alone lowers its style loss, while every
     * convolution and every old style of the base stays bit for bit as it was.
     */
    @Test
    void fineTuningANewStyleLowersItsLossAndKeepsTheBaseBitIdentical(@TempDir Path dir) throws IOException {
        // Mostly style, so that the style term is what the steps lower.
        LossSpec styleFirst = new LossSpec("relu2_1", 0.01, java.util.Map.of("relu1_1", 1.0, "relu2_1", 1.0), 0);
        TrainingConfig config = TrainingConfig.defaults().withSteps(30).withBatchSize(2).withCropSize(16)
                .withLearningRate(0.05).withCheckpointEvery(30).withSampleEvery(0).withLoss(styleFirst);
        List<Double> styleLosses = new ArrayList<>();
        Model grown = new Trainer(config, TrainingFixtures.tinyVgg(Pooling.AVERAGE, 25),
                LoadOptions.defaults().withBackend(provider().name()))
                .addListener(new TrainingListener() {
                    @Override
                    public void onStep(TrainingProgress progress) {
                        styleLosses.add(progress.loss().weightedStyle(styleFirst));
                    }
                })
                .addStyles(model, List.of(new Style(0, "stripes", "", "")), List.of(TrainingFixtures.stripes()),
                        TrainingFixtures.photos(3), dir.resolve("fine-tune.ckpt"), false);

        assertThat(grown.styles()).hasSize(4);
        for (int layer = 0; layer < model.spec().convolutions().size(); layer++) {
            assertThat(grown.weight(layer)).as("convolution %d", layer).isEqualTo(model.weight(layer));
            ConditionalInstanceNorm before = model.cin().layers().get(layer);
            ConditionalInstanceNorm after = grown.cin().layers().get(layer);
            for (int style = 0; style < 3; style++) {
                assertThat(after.gamma(style)).as("gamma %d of style %d", layer, style).isEqualTo(before.gamma(style));
                assertThat(after.beta(style)).as("beta %d of style %d", layer, style).isEqualTo(before.beta(style));
            }
        }
        double first = styleLosses.subList(0, 5).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double last = styleLosses.subList(25, 30).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertThat(last).as("mean style loss of the last 5 steps against the first 5: %s", styleLosses)
                .isLessThan(first * 0.8);
    }

    private static void assertGradients(List<Double> actual, List<Double> expected, String what) {
        double max = expected.stream().mapToDouble(Math::abs).max().orElse(0);
        assertThat(max).as(what + ": the checked gradients must not all vanish").isGreaterThan(0);
        for (int i = 0; i < actual.size(); i++) {
            assertThat(Math.abs(actual.get(i) - expected.get(i)))
                    .as("%s gradient %d: backend %.6g, finite differences %.6g (largest %.3g)", what, i,
                            actual.get(i), expected.get(i), max)
                    .isLessThanOrEqualTo(GRADIENT_TOLERANCE * max);
        }
    }

    private static void assertRelative(double actual, double expected, String what) {
        assertThat(Math.abs(actual - expected)).as("%s: backend %.8g, reference %.8g", what, actual, expected)
                .isLessThanOrEqualTo(LOSS_TOLERANCE * Math.abs(expected) + 1e-12);
    }

    private static void assertClose(float[] actual, double[] expected, double relative, String what) {
        double max = 0;
        for (double v : expected) {
            max = Math.max(max, Math.abs(v));
        }
        assertThat(actual).as(what).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(Math.abs(actual[i] - expected[i])).as("%s element %d", what, i)
                    .isLessThanOrEqualTo(relative * max);
        }
    }
}
