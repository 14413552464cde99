package io.pastiche.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pastiche.BackendException;
import io.pastiche.Device;
import io.pastiche.LoadOptions;
import io.pastiche.StyleMix;
import io.pastiche.StyleNetwork;
import io.pastiche.model.Model;
import io.pastiche.network.Activation;
import io.pastiche.network.Block;
import io.pastiche.network.ConvLayer;
import io.pastiche.network.NetworkSpec;
import io.pastiche.plan.ConvForm;
import io.pastiche.plan.LayerRange;
import io.pastiche.plan.NetworkPlan;
import io.pastiche.plan.PlannedLayer;
import io.pastiche.tiling.TiledExecution;
import io.pastiche.network.ResidualBlock;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.spi.Backend;
import io.pastiche.spi.BackendProvider;
import io.pastiche.spi.CompiledNetwork;
import io.pastiche.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The tests every backend passes: its network computes the same function as {@link ReferenceNetwork}, the
 * float64 definition, within {@value #TOLERANCE} of the largest value. A backend module runs them by extending
 * this class:
 *
 * <pre>{@code class MyBackendConformanceTest extends BackendConformanceKit {
 *     protected BackendProvider provider() { return new MyBackendProvider(); }
 * }}</pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BackendConformanceKit {

    /** Allowed difference, relative to the largest reference value. */
    public static final double TOLERANCE = 1e-4;

    private Backend backend;

    /** The provider under test. */
    protected abstract BackendProvider provider();

    @BeforeAll
    void openBackend() {
        assertThat(provider().availability().available()).as(provider().availability().reason()).isTrue();
        backend = provider().open();
    }

    @AfterAll
    void closeBackend() {
        if (backend != null) {
            backend.close();
        }
    }

    /**
     * The CPU when asked for, and no GPU where the engine has none: every backend's test class path holds its CPU
     * natives, so a GPU request must be refused at open, with a message that says what a GPU needs.
     */
    @Test
    void opensOnTheCpuWhenAskedAndRefusesAGpuItDoesNotHave() {
        try (Backend cpu = provider().open(Device.CPU)) {
            assertThat(cpu.name()).isEqualTo(provider().name());
        }
        assertThatThrownBy(() -> provider().open(Device.GPU))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("GPU");
    }

    /** Runs the backend and the reference on one batch and compares every image. */
    private void assertMatchesReference(Model model, Tensor input, List<StyleEmbedding> styles, String what) {
        Tensor output;
        try (CompiledNetwork network = backend.compile(model.spec(), model.weights())) {
            output = network.forward(input, styles);
        }
        int side = model.spec().outputSize(input.height());
        assertThat(output.batch()).as(what + ": batch").isEqualTo(input.batch());
        assertThat(output.height()).as(what + ": height").isEqualTo(side);
        ReferenceNetwork reference = new ReferenceNetwork(model.spec(), model.weights());
        for (int n = 0; n < input.batch(); n++) {
            FeatureMap expected = reference.forward(input, n, styles.get(n));
            Tolerance.assertClose(output, n, expected, TOLERANCE, what + ", image " + n);
        }
    }

    @Test
    void standardNetworkOnOddSizedImageMatchesReference() {
        Model model = RandomModels.model(NetworkSpec.standard(0.25), 3, 1);
        Tensor input = RandomModels.images(1, 17, 23, 2);
        assertMatchesReference(model, input, List.of(model.cin().embedding(1)), "alpha 0.25, 17x23");
    }

    @Test
    void fullWidthNetworkMatchesReference() {
        Model model = RandomModels.model(NetworkSpec.standard(1.0), 2, 3);
        Tensor input = RandomModels.images(1, 12, 9, 4);
        assertMatchesReference(model, input, List.of(model.cin().embedding(0)), "alpha 1.0, 12x9");
    }

    @Test
    void styleMixesMatchReference() {
        Model model = RandomModels.model(NetworkSpec.standard(0.25), 4, 5);
        Tensor input = RandomModels.images(1, 16, 16, 6);
        StyleMix unnormalised = StyleMix.of(Map.of(0, 0.7, 2, 0.6, 3, -0.2));
        assertMatchesReference(model, input, List.of(model.cin().embedding(unnormalised)), "unnormalised mix");
        assertMatchesReference(model, input, List.of(model.cin().embedding(unnormalised.normalized())),
                "normalised mix");
    }

    @Test
    void batchOfImagesWithTheirOwnStylesMatchesReference() {
        Model model = RandomModels.model(NetworkSpec.standard(0.25), 3, 7);
        Tensor input = RandomModels.images(3, 13, 19, 8);
        List<StyleEmbedding> styles = List.of(model.cin().embedding(2), model.cin().embedding(0),
                model.cin().embedding(StyleMix.of(0, 0.5, 1, 0.5)));
        assertMatchesReference(model, input, styles, "batch of 3, different styles");
    }

    @Test
    void smallestAcceptedImageMatchesReference() {
        Model model = RandomModels.model(NetworkSpec.standard(0.25), 1, 9);
        int min = model.spec().minimumInputSize();
        Tensor input = RandomModels.images(1, min, min + 1, 10);
        assertMatchesReference(model, input, List.of(model.cin().embedding(0)), "smallest image " + min);
    }

    /** Other channel counts, two residual blocks and a linear output: the backend builds from the spec alone. */
    @Test
    void customArchitectureWithLinearOutputMatchesReference() {
        List<Block> blocks = List.of(
                new ConvLayer("a/conv1", 3, 5, 5, 1, 1, Activation.RELU),
                new ConvLayer("a/conv2", 5, 6, 3, 2, 1, Activation.RELU),
                new ResidualBlock(new ConvLayer("r/r1/conv1", 6, 6, 3, 1, 1, Activation.RELU),
                        new ConvLayer("r/r1/conv2", 6, 6, 3, 1, 1, Activation.NONE)),
                new ResidualBlock(new ConvLayer("r/r2/conv1", 6, 6, 3, 1, 1, Activation.RELU),
                        new ConvLayer("r/r2/conv2", 6, 6, 3, 1, 1, Activation.NONE)),
                new ConvLayer("b/conv1", 6, 4, 3, 1, 2, Activation.RELU),
                new ConvLayer("b/conv2", 4, 3, 5, 1, 1, Activation.NONE));
        Model model = RandomModels.model(new NetworkSpec(blocks), 2, 11);
        Tensor input = RandomModels.images(2, 11, 14, 12);
        assertMatchesReference(model, input, List.of(model.cin().embedding(1), model.cin().embedding(0)),
                "custom architecture");
    }

    /** Random values in [-1, 1) for the input of an inner layer: {@code channels} planes, not only RGB. */
    private static Tensor randomMaps(int batch, int channels, int height, int width, long seed) {
        Random random = new Random(seed);
        float[] data = new float[batch * channels * height * width];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextFloat() * 2 - 1;
        }
        return new Tensor(data, batch, channels, height, width);
    }

    /**
     * Every layer of a network run alone, with and without its normalisation, on a batch of two images with their
     * own styles: what tiled execution builds on. Each form of convolution is among them (direct, strided, row
     * split, upsampling phases), and the residual layers run without their join.
     */
    @Test
    void everyLayerAloneMatchesReference() {
        Model model = RandomModels.model(NetworkSpec.standard(0.25, 1), 2, 21);
        ReferenceNetwork reference = new ReferenceNetwork(model.spec(), model.weights());
        List<StyleEmbedding> styles = List.of(model.cin().embedding(1),
                model.cin().embedding(StyleMix.of(Map.of(0, 0.3, 1, 0.7))));
        try (CompiledNetwork network = backend.compile(model.spec(), model.weights())) {
            NetworkPlan plan = network.plan();
            assertThat(plan.layers()).extracting(PlannedLayer::form).contains(ConvForm.DIRECT, ConvForm.ROW_SPLIT,
                    ConvForm.UPSAMPLE_PHASES);
            for (PlannedLayer layer : plan.layers()) {
                for (boolean normalize : List.of(true, false)) {
                    LayerRange range = plan.layer(layer.index(), normalize);
                    Tensor input = randomMaps(2, layer.layer().inChannels(), 11, 8, 30 + layer.index());
                    Tensor output = network.forward(range, input, styles);
                    assertThat(output.channels()).isEqualTo(layer.layer().outChannels());
                    assertThat(output.height()).isEqualTo(plan.outputSize(range, 11));
                    assertThat(output.width()).isEqualTo(plan.outputSize(range, 8));
                    for (int n = 0; n < 2; n++) {
                        String what = layer.layer().name() + (normalize ? "" : " without normalisation")
                                + ", image " + n;
                        Tolerance.assertClose(output, n, reference.forward(range, input, n, styles.get(n)),
                                TOLERANCE, what);
                    }
                }
            }
        }
    }

    /** Ranges run one after another give the whole network's output; a range may hold residual blocks. */
    @Test
    void rangesInSequenceMatchTheWholeNetwork() {
        Model model = RandomModels.model(NetworkSpec.standard(0.25, 2), 2, 22);
        Tensor input = RandomModels.images(1, 13, 18, 23);
        List<StyleEmbedding> styles = List.of(model.cin().embedding(0));
        FeatureMap expected = new ReferenceNetwork(model.spec(), model.weights()).forward(input, 0, styles.get(0));
        try (CompiledNetwork network = backend.compile(model.spec(), model.weights())) {
            NetworkPlan plan = network.plan();
            int layers = plan.layers().size();
            Tensor x = input;
            for (LayerRange range : List.of(plan.range(0, 2), plan.range(2, 5), plan.range(5, 7),
                    plan.range(7, layers))) {
                x = network.forward(range, x, styles);
            }
            Tolerance.assertClose(x, 0, expected, TOLERANCE, "contract, a residual block, one more, expand");
        }
    }

    /**
     * Tiled execution, layer by layer with small odd tiles, gives the whole picture's result: every tile gets its
     * halo from its neighbours and every normalisation the statistics of the whole map. Two images with their own
     * styles, one of them an unnormalised mix.
     */
    @Test
    void tiledExecutionMatchesReference() {
        Model model = RandomModels.model(NetworkSpec.standard(0.25), 3, 25);
        Tensor input = RandomModels.images(2, 151, 203, 26);
        List<StyleEmbedding> styles = List.of(model.cin().embedding(2),
                model.cin().embedding(StyleMix.of(Map.of(0, 0.8, 1, 0.5))));
        Tensor output;
        try (CompiledNetwork network = backend.compile(model.spec(), model.weights())) {
            output = TiledExecution.run(network, input, styles, 37, 41);
        }
        ReferenceNetwork reference = new ReferenceNetwork(model.spec(), model.weights());
        for (int n = 0; n < 2; n++) {
            Tolerance.assertClose(output, n, reference.forward(input, n, styles.get(n)), TOLERANCE,
                    "203x151 in 37x41 tiles, image " + n);
        }
    }

    /** A range that cuts a residual block, or an input that does not fit a range, is refused before the engine. */
    @Test
    void rangesThatDoNotFitAreRefused() {
        Model model = RandomModels.model(NetworkSpec.standard(0.125, 1), 1, 24);
        List<StyleEmbedding> styles = List.of(model.cin().embedding(0));
        try (CompiledNetwork network = backend.compile(model.spec(), model.weights())) {
            NetworkPlan plan = network.plan();
            assertThatThrownBy(() -> plan.range(4, 6)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("residual block");
            assertThatThrownBy(() -> network.forward(new LayerRange(0, 2, false), RandomModels.images(1, 16, 16, 1),
                    styles)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> network.forward(plan.layer(3, true), RandomModels.images(1, 16, 16, 1),
                    styles)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("channels");
            assertThatThrownBy(() -> network.forward(plan.range(0, 99), RandomModels.images(1, 16, 16, 1),
                    styles)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    static Stream<Arguments> layerKinds() {
        return Stream.of(
                Arguments.of("3x3, then 3x3 stride 2 to a sigmoid; odd, non-square input", List.of(
                        new ConvLayer("a", 3, 5, 3, 1, 1, Activation.RELU),
                        new ConvLayer("b", 5, 3, 3, 2, 1, Activation.SIGMOID)), 7, 9),
                Arguments.of("9x9, then upsample x2 and 3x3", List.of(
                        new ConvLayer("a", 3, 4, 9, 1, 1, Activation.RELU),
                        new ConvLayer("b", 4, 3, 3, 1, 2, Activation.NONE)), 6, 5),
                Arguments.of("residual block, then a 1x1 convolution (no padding)", List.of(
                        new ConvLayer("a", 3, 4, 3, 1, 1, Activation.RELU),
                        new ResidualBlock(new ConvLayer("r/conv1", 4, 4, 3, 1, 1, Activation.RELU),
                                new ConvLayer("r/conv2", 4, 4, 3, 1, 1, Activation.NONE)),
                        new ConvLayer("b", 4, 3, 1, 1, 1, Activation.SIGMOID)), 8, 8));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layerKinds")
    void eachLayerKindMatchesReference(String description, List<Block> blocks, int height, int width) {
        Model model = RandomModels.model(new NetworkSpec(blocks), 2, 18);
        Tensor input = RandomModels.images(2, height, width, 19);
        assertMatchesReference(model, input, List.of(model.cin().embedding(0), model.cin().embedding(1)),
                description);
    }

    @Test
    void weightsOfTheWrongSizeAreRefusedNamingTheLayer() {
        NetworkSpec spec = NetworkSpec.standard(0.25);
        List<float[]> weights = new ArrayList<>(RandomModels.model(spec, 1, 30).weights());
        weights.set(3, new float[7]);
        assertThatThrownBy(() -> backend.compile(spec, weights))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("residual/residual1/conv1");
        assertThatThrownBy(() -> backend.compile(spec, weights.subList(0, 5)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void inputsThatDoNotFitAreRefusedBeforeAnyWork() {
        NetworkSpec spec = NetworkSpec.standard(0.25);
        StyleEmbedding style = RandomModels.model(spec, 1, 31).cin().embedding(0);
        try (CompiledNetwork network = backend.compile(spec, RandomModels.model(spec, 1, 32).weights())) {
            assertThatThrownBy(() -> network.forward(RandomModels.images(2, 16, 16, 1), List.of(style)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one style embedding per image");
            assertThatThrownBy(() -> network.forward(RandomModels.images(1, 2, 16, 1), List.of(style)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least");
            assertThatThrownBy(() -> network.forward(new Tensor(new float[16 * 16], 1, 1, 16, 16), List.of(style)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("channels");
            StyleEmbedding other = RandomModels.model(NetworkSpec.standard(0.5), 1, 33).cin().embedding(0);
            assertThatThrownBy(() -> network.forward(RandomModels.images(1, 16, 16, 1), List.of(other)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("contract/conv1");
        }
    }

    @Test
    void closedNetworksAndBackendsRefuseWorkAndClosingTwiceIsHarmless() {
        NetworkSpec spec = NetworkSpec.standard(0.25);
        List<float[]> weights = RandomModels.model(spec, 1, 34).weights();
        List<StyleEmbedding> style = List.of(RandomModels.model(spec, 1, 35).cin().embedding(0));
        CompiledNetwork network = backend.compile(spec, weights);
        network.close();
        network.close();
        assertThatThrownBy(() -> network.forward(RandomModels.images(1, 16, 16, 1), style))
                .isInstanceOf(IllegalStateException.class);

        Backend own = provider().open();
        CompiledNetwork orphan = own.compile(spec, weights);
        own.close();
        own.close();
        assertThatThrownBy(() -> orphan.forward(RandomModels.images(1, 16, 16, 1), style))
                .as("closing a backend closes its networks").isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> own.compile(spec, weights)).isInstanceOf(IllegalStateException.class);
    }

    /**
     * One compiled network shared by 8 threads gives, bit for bit, what one thread alone gets. Each thread has its
     * own image and style, and batches of one and of two images are mixed, so a mix-up between calls would show.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void concurrentCallsGiveTheSingleThreadOutputs() throws Exception {
        int threads = 8;
        int callsPerThread = 12;
        NetworkSpec spec = NetworkSpec.standard(0.25);
        List<float[]> weights = RandomModels.model(spec, 1, 11).weights();
        List<Tensor> inputs = new ArrayList<>();
        List<List<StyleEmbedding>> styles = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Tensor input = RandomModels.images(t % 2 == 0 ? 1 : 2, 24, 20 + t, 100 + t);
            inputs.add(input);
            styles.add(java.util.Collections.nCopies(input.batch(),
                    RandomModels.model(spec, 1, 200 + t).cin().embedding(0)));
        }
        try (CompiledNetwork network = backend.compile(spec, weights)) {
            List<Tensor> expected = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                expected.add(network.forward(copy(inputs.get(t)), styles.get(t)));
            }
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<List<Tensor>>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    results.add(pool.submit(() -> {
                        start.await();
                        List<Tensor> outputs = new ArrayList<>();
                        for (int i = 0; i < callsPerThread; i++) {
                            outputs.add(network.forward(copy(inputs.get(thread)), styles.get(thread)));
                        }
                        return outputs;
                    }));
                }
                start.countDown();
                for (int t = 0; t < threads; t++) {
                    for (Tensor output : results.get(t).get(4, TimeUnit.MINUTES)) {
                        assertThat(output).as("thread %d", t).isEqualTo(expected.get(t));
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static Tensor copy(Tensor t) {
        return new Tensor(t.data().clone(), t.batch(), t.channels(), t.height(), t.width());
    }

    @Test
    void styleNetworkKeepsSizeAndAlphaOfEveryImageKind() {
        Model model = RandomModels.model(NetworkSpec.standard(0.25), 2, 15);
        try (StyleNetwork network = StyleNetwork.of(model, LoadOptions.defaults().withBackend(provider().name()))) {
            assertThat(network.backend()).isEqualTo(provider().name());
            for (int type : new int[] {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_3BYTE_BGR,
                    BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_BYTE_GRAY,
                    BufferedImage.TYPE_USHORT_GRAY}) {
                BufferedImage image = RandomModels.picture(type, 31, 18, type);
                BufferedImage out = network.stylize(image, 1);
                assertThat(out.getWidth()).as("width, type %d", type).isEqualTo(31);
                assertThat(out.getHeight()).as("height, type %d", type).isEqualTo(18);
                assertThat(out.getColorModel().hasAlpha()).as("alpha, type %d", type)
                        .isEqualTo(image.getColorModel().hasAlpha());
                if (image.getColorModel().hasAlpha()) {
                    for (int y = 0; y < 18; y++) {
                        for (int x = 0; x < 31; x++) {
                            assertThat(out.getRGB(x, y) >>> 24).isEqualTo(image.getRGB(x, y) >>> 24);
                        }
                    }
                }
            }
        }
    }

    @Test
    void eightThreadsSharingOneStyleNetworkGetTheSamePixels() throws Exception {
        Model model = RandomModels.model(NetworkSpec.standard(0.25), 3, 16);
        BufferedImage image = RandomModels.picture(BufferedImage.TYPE_INT_RGB, 40, 33, 17);
        try (StyleNetwork network = StyleNetwork.of(model, LoadOptions.defaults().withBackend(provider().name()))) {
            int[] expected = pixels(network.stylize(image, 2));
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<int[]>> results = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    results.add(pool.submit(() -> pixels(network.stylize(image, 2))));
                }
                for (Future<int[]> result : results) {
                    assertThat(result.get()).isEqualTo(expected);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }
}
