package io.pastiche.nd4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.pastiche.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ChannelsLastTest {

    @BeforeAll
    static void start() {
        Nd4jRuntime.start();
    }

    @Test
    void uploadIsThePermutedTensorAndReadBringsItBack() {
        // 2 images, 5 channels, 13 x 11: positions not a multiple of the block
        Random random = new Random(5);
        float[] values = new float[2 * 5 * 13 * 11];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextFloat();
        }
        Tensor tensor = new Tensor(values.clone(), 2, 5, 13, 11);
        try (INDArray nhwc = ChannelsLast.upload(tensor);
             INDArray expected = Nd4j.create(values, new long[] {2, 5, 13, 11}, 'c').permute(0, 2, 3, 1).dup('c')) {
            assertThat(nhwc.shape()).containsExactly(2, 13, 11, 5);
            assertThat(nhwc.data().asFloat()).containsExactly(expected.data().asFloat());
            assertThat(ChannelsLast.read(nhwc)).isEqualTo(tensor);
        }
    }

    @Test
    void readTakesAViewFromItsOffset() {
        float[] values = new float[3 + 1 * 2 * 2 * 3];
        for (int i = 0; i < values.length; i++) {
            values[i] = i;
        }
        try (INDArray flat = Nd4j.create(values, new long[] {values.length}, 'c')) {
            INDArray view = flat.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(3, values.length))
                    .reshape('c', 1, 2, 2, 3);
            Tensor tensor = ChannelsLast.read(view);
            // channel c at position p is view value p * 3 + c, i.e. 3 + p * 3 + c
            assertThat(tensor.data()).containsExactly(3, 6, 9, 12, 4, 7, 10, 13, 5, 8, 11, 14);
        }
    }
}
