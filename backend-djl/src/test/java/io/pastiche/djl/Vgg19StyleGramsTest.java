package io.pastiche.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.pastiche.loss.LossSpec;
import io.pastiche.lossnet.InputNormalization;
import io.pastiche.lossnet.LossNetwork;
import io.pastiche.lossnet.Pooling;
import io.pastiche.lossnet.VggSpec;
import io.pastiche.lossnet.VggWeightsFile;
import io.pastiche.network.NetworkSpec;
import io.pastiche.spi.TrainingGraph;
import io.pastiche.testkit.RandomModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The real VGG-19 (torchvision weights from the shared data folder) loads and gives sound Gram matrices. */
class Vgg19StyleGramsTest {

    @Test
    void styleGramsOfA64PixelImageAreFiniteWithNonNegativeDiagonals() throws IOException {
        Path file = RealVgg.file();
        assumeThat(Files.isReadable(file)).as("the VGG-19 weights are not at " + file
                + " (set -Dpastiche.sharedData to the folder holding vgg/vgg19-features.safetensors)").isTrue();
        LossNetwork vgg = VggWeightsFile.read(file, VggSpec.vgg19(), Pooling.AVERAGE, InputNormalization.TORCHVISION);
        LossSpec loss = LossSpec.vgg19(2e-5);

        List<float[]> grams;
        try (TrainingGraph graph = DjlTesting.backend().compileTraining(NetworkSpec.standard(0.25), vgg, loss)) {
            grams = graph.styleGrams(RandomModels.images(1, 64, 64, 1));
        }

        int[] channels = {64, 128, 256, 512};
        assertThat(grams).hasSize(channels.length);
        for (int l = 0; l < channels.length; l++) {
            int c = channels[l];
            float[] gram = grams.get(l);
            assertThat(gram).as("relu%d_1", l + 1).hasSize(c * c);
            double trace = 0;
            for (int i = 0; i < gram.length; i++) {
                assertThat(Float.isFinite(gram[i])).as("relu%d_1 entry %d finite", l + 1, i).isTrue();
            }
            for (int i = 0; i < c; i++) {
                assertThat(gram[i * c + i]).as("relu%d_1 diagonal %d", l + 1, i).isGreaterThanOrEqualTo(0f);
                trace += gram[i * c + i];
            }
            assertThat(trace).as("relu%d_1: some feature is active", l + 1).isGreaterThan(0);
            assertThat(gram[1]).as("relu%d_1 symmetric", l + 1).isEqualTo(gram[c], org.assertj.core.data.Offset
                    .offset(1e-5f * (float) trace));
        }
    }
}
