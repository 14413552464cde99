package io.pastiche.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pastiche.LoadOptions;
import io.pastiche.StyleMask;
import io.pastiche.StyleMix;
import io.pastiche.StyleNetwork;
import io.pastiche.UnknownStyleException;
import io.pastiche.model.Model;
import io.pastiche.network.NetworkSpec;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.plan.NetworkPlan;
import io.pastiche.plan.StyleBatch;
import io.pastiche.spi.Backend;
import io.pastiche.spi.BackendProvider;
import io.pastiche.spi.CompiledNetwork;
import io.pastiche.tensor.Tensor;
import io.pastiche.tiling.TileOptions;
import io.pastiche.tiling.TiledExecution;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Core's conformance suite for calls with a {@link StyleMask}: a backend computes, at each position of each
 * normalisation, gamma and beta mixed with the mask's weights there, the same function as the float64 reference,
 * whole and in tiles; a mask that is the same everywhere gives exactly the plain call. A backend's test class
 * extends this and names its provider.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class MaskConformanceKit {

    private Backend backend;

    /** The provider under test. */
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

    /**
     * Three regions with soft edges over four styles, one region an unnormalised mix; an odd size, so the
     * half-resolution layers' last pixels cover a single input pixel and the output is a pixel larger.
     */
    private static StyleMask threeRegions(int width, int height, int feather) {
        BufferedImage labels = RandomModels.threeRegionLabels(width, height);
        Map<Integer, StyleMix> regions = new LinkedHashMap<>();
        regions.put(0xff0000, StyleMix.of(0));
        regions.put(0x00ff00, StyleMix.of(Map.of(1, 0.6, 3, 0.7)));
        regions.put(0x0000ff, StyleMix.of(2));
        return StyleMask.ofLabels(labels, regions).feathered(feather);
    }

    private static List<StyleEmbedding> embeddings(Model model, StyleMask mask) {
        return Arrays.stream(mask.styles()).mapToObj(model.cin()::embedding).toList();
    }

    private void assertMatchesReference(Model model, Tensor input, StyleMask mask, Tensor output, String what) {
        StyleBatch batch = StyleBatch.masked(input.batch(), embeddings(model, mask), mask, NetworkPlan.of(
                model.spec()), input.height(), input.width());
        ReferenceNetwork reference = new ReferenceNetwork(model.spec(), model.weights());
        for (int n = 0; n < input.batch(); n++) {
            Tolerance.assertClose(output, n, reference.forward(input, n, batch), BackendConformanceKit.TOLERANCE,
                    what + ", image " + n);
        }
    }

    @Test
    void softEdgedRegionsOfSeveralStylesMatchReference() {
        Model model = RandomModels.model(NetworkSpec.standard(0.25), 4, 41);
        Tensor input = RandomModels.images(2, 29, 37, 42);
        StyleMask mask = threeRegions(37, 29, 3);
        try (CompiledNetwork network = backend.compile(model.spec(), model.weights())) {
            assertMatchesReference(model, input, mask, network.forward(input, mask, embeddings(model, mask)),
                    "three soft regions, 37x29, batch of 2");
            StyleMask normalized = mask.normalized();
            assertMatchesReference(model, input, normalized, network.forward(input, normalized,
                    embeddings(model, normalized)), "the same, normalised");
        }
    }

    /** Grey masks that overlap and leave gaps: per-position weights that sum to other than 1, as given. */
    @Test
    void overlappingGreyMasksMatchReference() {
        Model model = RandomModels.model(NetworkSpec.standard(0.25), 3, 43);
        Tensor input = RandomModels.images(1, 24, 20, 44);
        BufferedImage a = new BufferedImage(20, 24, BufferedImage.TYPE_BYTE_GRAY);
        BufferedImage b = new BufferedImage(20, 24, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 24; y++) {
            for (int x = 0; x < 20; x++) {
                int v = x * 255 / 19;
                a.getRaster().setSample(x, y, 0, v);
                b.getRaster().setSample(x, y, 0, y * 10);
            }
        }
        Map<StyleMix, BufferedImage> greys = new LinkedHashMap<>();
        greys.put(StyleMix.of(2), a);
        greys.put(StyleMix.of(0), b);
        StyleMask mask = StyleMask.ofGreys(greys);
        try (CompiledNetwork network = backend.compile(model.spec(), model.weights())) {
            assertMatchesReference(model, input, mask, network.forward(input, mask, embeddings(model, mask)),
                    "two grey gradients");
        }
    }

    @Test
    void tiledMaskedCallMatchesReference() {
        Model model = RandomModels.model(NetworkSpec.standard(0.25), 4, 45);
        Tensor input = RandomModels.images(1, 97, 131, 46);
        StyleMask mask = threeRegions(131, 97, 9);
        try (CompiledNetwork network = backend.compile(model.spec(), model.weights())) {
            Tensor output = TiledExecution.run(network, input, mask, embeddings(model, mask),
                    TileOptions.inMemory(37, 41));
            assertMatchesReference(model, input, mask, output, "131x97 in 37x41 tiles");
        }
    }

    @Test
    void aMaskTheSameEverywhereGivesExactlyThePlainCall() {
        Model model = RandomModels.model(NetworkSpec.standard(0.25), 3, 47);
        BufferedImage image = RandomModels.picture(BufferedImage.TYPE_INT_RGB, 40, 33, 48);
        StyleMix mix = StyleMix.of(Map.of(0, 0.3, 2, 0.9));
        BufferedImage oneColour = new BufferedImage(40, 33, BufferedImage.TYPE_INT_RGB);
        try (StyleNetwork network = StyleNetwork.of(model, LoadOptions.defaults().withBackend(provider().name()))) {
            int[] plain = pixels(network.stylize(image, mix));
            assertThat(pixels(network.stylize(image, StyleMask.uniform(40, 33, mix)))).isEqualTo(plain);
            assertThat(pixels(network.stylize(image, StyleMask.ofLabels(oneColour, Map.of(0, mix)).feathered(5))))
                    .isEqualTo(plain);
            assertThat(pixels(network.stylize(image, StyleMask.uniform(40, 33, mix).normalized())))
                    .isEqualTo(pixels(network.stylize(image, mix.normalized())));
        }
    }

    /** The bounded-memory path of a masked call gives the whole call's picture, up to rounding. */
    @Test
    void aMaskedCallInTilesGivesTheWholeCallsPicture() {
        Model model = RandomModels.model(NetworkSpec.standard(0.25), 4, 49);
        BufferedImage image = RandomModels.picture(BufferedImage.TYPE_INT_RGB, 150, 120, 50);
        StyleMask mask = threeRegions(150, 120, 6);
        int[] whole;
        int[] tiled;
        try (StyleNetwork network = StyleNetwork.of(model, LoadOptions.defaults().withBackend(provider().name()))) {
            whole = pixels(network.stylize(image, mask));
        }
        try (StyleNetwork network = StyleNetwork.of(model, LoadOptions.defaults().withBackend(provider().name())
                .withMemoryBudget(2_000_000))) {
            tiled = pixels(network.stylize(image, mask));
        }
        int worst = 0;
        for (int i = 0; i < whole.length; i++) {
            for (int shift = 0; shift < 24; shift += 8) {
                worst = Math.max(worst, Math.abs((whole[i] >> shift & 0xff) - (tiled[i] >> shift & 0xff)));
            }
        }
        assertThat(worst).as("largest difference of a channel, 0..255").isLessThanOrEqualTo(1);
    }

    @Test
    void masksNamingUnknownStylesOrOfAnotherSizeAreRefused() {
        Model model = RandomModels.model(NetworkSpec.standard(0.25), 2, 51);
        BufferedImage image = RandomModels.picture(BufferedImage.TYPE_INT_RGB, 40, 33, 52);
        try (StyleNetwork network = StyleNetwork.of(model, LoadOptions.defaults().withBackend(provider().name()))) {
            assertThatThrownBy(() -> network.stylize(image, threeRegions(40, 33, 0)))
                    .isInstanceOf(UnknownStyleException.class)
                    .hasMessageContaining("no style 2")
                    .hasMessageContaining("the network has 2 styles");
            StyleMask small = StyleMask.uniform(20, 16, StyleMix.of(0));
            assertThatThrownBy(() -> network.stylize(image, small))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("20x16")
                    .hasMessageContaining("40x33")
                    .hasMessageContaining("resized");
        }
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }
}
