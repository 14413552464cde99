package io.pastiche.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import io.pastiche.network.Activation;
import io.pastiche.network.ConvLayer;
import io.pastiche.tensor.ChannelsLastPad;
import io.pastiche.tensor.Tensor;
import java.nio.FloatBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Channels-last arrays: their values, and that the operations of the inference path keep the format, which the
 * in-place normalisation relies on (it writes through {@link ChannelsLast#memory}).
 */
class ChannelsLastTest {

    @RegisterExtension
    static final EngineManager ENGINE = new EngineManager();

    @Test
    void uploadAndReadGiveTheTensorBack() {
        Tensor tensor = tensor(2, 3, 5, 7);

        NDArray array = ChannelsLast.upload(ENGINE.manager(), tensor);

        assertThat(array.getShape()).isEqualTo(new Shape(2, 3, 5, 7));
        assertThat(array.toFloatArray()).containsExactly(tensor.data());
        assertThat(ChannelsLast.read(array).data()).containsExactly(tensor.data());
        assertThat(writesThrough(array)).isTrue();
    }

    @Test
    void ofAnNchwArrayIsAChannelsLastCopyOfTheSameValues() {
        NDArray nchw = EngineArrays.random(ENGINE.manager(), 1, 2, 3, 4, 5);
        float[] values = nchw.toFloatArray();

        NDArray channelsLast = ChannelsLast.of(nchw);

        assertThat(channelsLast.toFloatArray()).containsExactly(values);
        assertThat(writesThrough(channelsLast)).isTrue();
        assertThat(writesThrough(nchw)).as("an NCHW array's memory is a copy's").isFalse();
    }

    @Test
    void theInferencePathsOperationsKeepTheFormat() {
        NDArray x = ChannelsLast.upload(ENGINE.manager(), tensor(1, 4, 9, 8));
        NDArray weight = EngineArrays.random(ENGINE.manager(), 2, 6, 4, 3, 3);
        float[] expected = EngineArrays.inference(() -> direct(ChannelsLast.read(x), weight));

        NDArray padded = MirrorPad.apply(x, 1, MirrorPad.Mode.REFLECT);
        NDArray convolved = Conv2d.conv2d(padded, weight, null, new Shape(1, 1), new Shape(0, 0), new Shape(1, 1), 1)
                .singletonOrThrow();
        NDArray upsampled = UpsampleConvolution.apply(new ConvLayer("up", 4, 6, 3, 1, 2, Activation.RELU),
                MirrorPad.apply(x, 1, MirrorPad.Mode.SYMMETRIC), weight, true);

        EngineArrays.assertClose(convolved.toFloatArray(), expected, 1e-5);
        assertThat(writesThrough(padded)).as("padded").isTrue();
        assertThat(writesThrough(convolved)).as("convolved").isTrue();
        assertThat(writesThrough(upsampled)).as("upsampled").isTrue();
    }

    @Test
    void theChannelsLastUpsamplingEqualsTheNchwOne() {
        ConvLayer layer = new ConvLayer("up", 5, 4, 3, 1, 2, Activation.RELU);
        NDArray x = EngineArrays.random(ENGINE.manager(), 7, 2, 5, 7, 6);
        NDArray weight = EngineArrays.random(ENGINE.manager(), 8, 4, 5, 3, 3);
        float[] nchw = EngineArrays.inference(() ->
                UpsampleConvolution.apply(layer, MirrorPad.apply(x, 1, MirrorPad.Mode.SYMMETRIC), weight, false));

        try (MapPool pool = new MapPool(ENGINE.manager().newSubManager());
             NDManager scope = ENGINE.manager().newSubManager()) {
            NDArray upsampled = UpsampleConvolution.apply(layer,
                    ChannelsLastPadding.apply(x, 1, ChannelsLastPad.Mode.EDGE, pool, scope), weight, true);

            EngineArrays.assertClose(upsampled.toFloatArray(), nchw, 1e-5);
            assertThat(writesThrough(upsampled)).isTrue();
        }
    }

    @Test
    void javaPaddingEqualsTheEngines() {
        NDArray x = ChannelsLast.of(EngineArrays.random(ENGINE.manager(), 9, 2, 3, 6, 5));
        try (MapPool pool = new MapPool(ENGINE.manager().newSubManager());
             NDManager scope = ENGINE.manager().newSubManager()) {
            for (int p = 1; p <= 3; p++) {
                float[] engines = MirrorPad.apply(x, p, MirrorPad.Mode.REFLECT).toFloatArray();
                assertThat(ChannelsLastPadding.apply(x, p, ChannelsLastPad.Mode.REFLECT, pool, scope).toFloatArray())
                        .as("reflect %d", p).containsExactly(engines);
            }
            assertThat(ChannelsLastPadding.apply(x, 1, ChannelsLastPad.Mode.EDGE, pool, scope).toFloatArray())
                    .containsExactly(MirrorPad.apply(x, 1, MirrorPad.Mode.SYMMETRIC).toFloatArray());
            assertThat(ChannelsLastPadding.apply(x, 0, ChannelsLastPad.Mode.EDGE, pool, scope)).isSameAs(x);
        }
    }

    /**
     * Whether {@code array}, which {@link ChannelsLast#of} then must hand back as it is, shows a value written into
     * {@link ChannelsLast#memory}: true only if its memory is channels-last. Overwrites one of its values.
     */
    private static boolean writesThrough(NDArray array) {
        NDArray same = ChannelsLast.of(array);
        FloatBuffer memory = ChannelsLast.memory(same);
        // channels-last index 1 is channel 1 of position 0
        memory.put(1, 4242f);
        return array.getFloat(0, 1, 0, 0) == 4242f;
    }

    private static NDArray direct(Tensor x, NDArray weight) {
        NDArray nchw = ENGINE.manager().create(x.data(), new Shape(x.shape()));
        return Conv2d.conv2d(MirrorPad.apply(nchw, 1, MirrorPad.Mode.REFLECT), weight, null, new Shape(1, 1),
                new Shape(0, 0), new Shape(1, 1), 1).singletonOrThrow();
    }

    private static Tensor tensor(int batch, int channels, int height, int width) {
        Random random = new Random(3);
        float[] data = new float[batch * channels * height * width];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextFloat();
        }
        return new Tensor(data, batch, channels, height, width);
    }
}
