package io.pastiche.nd4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.pastiche.spi.CpuFeatures;
import io.pastiche.testkit.CpuInfoSamples;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Convolving in strips of rows computes the whole convolution, and strips are used where oneDNN reorders. */
class ConvStripsTest {

    private static final Arena ARENA = new Arena();

    @BeforeAll
    static void start() {
        Nd4jRuntime.start();
        Nd4j.getRandom().setSeed(11);
    }

    @AfterAll
    static void free() {
        ARENA.close();
    }

    @Test
    void stripsOfAnyHeightComputeTheWholeConvolution() {
        for (int[] kernelAndStride : new int[][] {{3, 1}, {3, 2}, {9, 1}, {1, 1}}) {
            int k = kernelAndStride[0];
            int stride = kernelAndStride[1];
            INDArray x = ARENA.add(Nd4j.rand(DataType.FLOAT, 2, 23, 13, 5));
            INDArray w = ARENA.add(Nd4j.randn(DataType.FLOAT, k, k, 5, 16));
            INDArray whole = ARENA.add(Conv.forward(x, w, null, stride, 0, Layout.NHWC));
            double largest = whole.amaxNumber().doubleValue();
            for (long rows : new long[] {1, 2, 4, whole.size(1) - 1, whole.size(1)}) {
                INDArray strips = ARENA.add(Nd4j.zeros(DataType.FLOAT, whole.shape()));
                Conv.forwardInStrips(x, w, stride, strips, rows);
                double difference = strips.sub(whole).amaxNumber().doubleValue();
                assertThat(difference).as("kernel %d, stride %d, strips of %d rows", k, stride, rows)
                        .isLessThanOrEqualTo(1e-6 * largest);
            }
        }
    }

    @Test
    void stripsHoldAtMostTheGivenValuesInTheirInputAndOutput() {
        INDArray x = ARENA.add(Nd4j.createUninitialized(DataType.FLOAT, 1, 102, 102, 8));
        INDArray out = ARENA.add(Nd4j.createUninitialized(DataType.FLOAT, 1, 100, 100, 32));

        assertThat(ConvStrips.rows(x, out, 100 * 100 * 32)).isZero();
        assertThat(ConvStrips.rows(x, out, 10_000)).isEqualTo(3); // 3200 output values a row
        assertThat(ConvStrips.rows(x, out, 100)).isEqualTo(1);
        INDArray xs = ARENA.add(Nd4j.createUninitialized(DataType.FLOAT, 2, 102, 102, 8));
        INDArray outs = ARENA.add(Nd4j.createUninitialized(DataType.FLOAT, 2, 100, 100, 32));
        assertThat(ConvStrips.rows(xs, outs, 100 * 100 * 32)).as("a batch of two is twice the values").isEqualTo(100);
    }

    @Test
    void stripsAreUsedWhereOneDnnRunsItsAvx2Kernels() {
        CpuFeatures avx512 = CpuInfoSamples.AVX512.features();
        CpuFeatures avx2 = CpuInfoSamples.AVX2_ONLY.features();

        assertThat(ConvStrips.choose(null, avx2, Map.of())).isTrue();
        assertThat(ConvStrips.choose(null, CpuFeatures.unknown(), Map.of())).isTrue();
        assertThat(ConvStrips.choose(null, avx512, Map.of())).isFalse();
        assertThat(ConvStrips.choose(null, avx512, Map.of("DNNL_MAX_CPU_ISA", "AVX2"))).isTrue();
        assertThat(ConvStrips.choose(null, avx512, Map.of("DNNL_MAX_CPU_ISA", "avx512_core_bf16"))).isFalse();
        assertThat(ConvStrips.choose("false", avx2, Map.of())).as("the property decides").isFalse();
        assertThat(ConvStrips.choose("true", avx512, Map.of())).isTrue();
    }
}
