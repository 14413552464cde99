package io.pastiche.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pastiche.loss.LossSpec;
import io.pastiche.lossnet.VggSpec;
import io.pastiche.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The training arguments every backend checks alike: image sides and style targets. */
class TrainingArgumentsTest {

    private final VggSpec vgg = VggSpec.vgg19();
    private final LossSpec loss = LossSpec.vgg19(1e-4); // style relu1_1 .. relu4_1, content relu3_1

    @Test
    void theSideMustReachTheDeepestFeature() {
        assertThat(vgg.minimumSide(loss.features())).isEqualTo(8); // three poolings before relu4_1
        assertThat(vgg.minimumSide(List.of("relu1_1"))).isEqualTo(1);
        assertThatCode(() -> Arguments.checkLossInput(vgg, loss, new Tensor(new float[3 * 8 * 8], 1, 3, 8, 8)))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> Arguments.checkLossInput(vgg, loss, new Tensor(new float[3 * 7 * 9], 1, 3, 7, 9)))
                .hasMessageContaining("the loss network needs a side of at least 8 to reach");
    }

    @Test
    void theStyleImageIsOneRgbImageTheLossNetworkCanRead() {
        assertThatCode(() -> Arguments.checkStyleImage(vgg, loss, new Tensor(new float[3 * 8 * 8], 1, 3, 8, 8)))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> Arguments.checkStyleImage(vgg, loss, new Tensor(new float[2 * 3 * 64], 2, 3, 8, 8)))
                .hasMessageContaining("takes one RGB image");
        assertThatThrownBy(() -> Arguments.checkStyleImage(vgg, loss, new Tensor(new float[64], 1, 1, 8, 8)))
                .hasMessageContaining("takes one RGB image");
        assertThatThrownBy(() -> Arguments.checkStyleImage(vgg, loss, new Tensor(new float[3 * 16], 1, 3, 4, 4)))
                .hasMessageContaining("the loss network needs a side of at least 8");
    }

    @Test
    void targetsAreOneCByCMatrixPerStyleLayerPerImage() {
        List<float[]> good = List.of(new float[64 * 64], new float[128 * 128], new float[256 * 256],
                new float[512 * 512]);
        assertThat(vgg.channels("relu3_1")).isEqualTo(256);
        assertThatCode(() -> Arguments.checkStyleTargets(vgg, loss, List.of(good, good), 2))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> Arguments.checkStyleTargets(vgg, loss, List.of(good), 2))
                .hasMessageContaining("one list of style targets per image is needed: 2 images, 1 target lists");
        assertThatThrownBy(() -> Arguments.checkStyleTargets(vgg, loss, List.of(good.subList(0, 3)), 1))
                .hasMessageContaining("image 0 has 3 style targets, the loss has 4 style layers");
        List<float[]> wrong = List.of(good.get(0), new float[5], good.get(2), good.get(3));
        assertThatThrownBy(() -> Arguments.checkStyleTargets(vgg, loss, List.of(good, wrong), 2))
                .hasMessageContaining("image 1, style layer relu2_1: the target Gram matrix needs 128x128 values, got 5");
        assertThatThrownBy(() -> vgg.channels("relu9_9")).hasMessageContaining("vgg19 has no feature 'relu9_9'");
    }
}
