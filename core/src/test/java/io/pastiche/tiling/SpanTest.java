package io.pastiche.tiling;

import static org.assertj.core.api.Assertions.assertThat;

import io.pastiche.network.Activation;
import io.pastiche.network.ConvLayer;
import org.junit.jupiter.api.Test;

class SpanTest {

    private static ConvLayer layer(int kernel, int stride, int upsample) {
        return new ConvLayer("l", 4, 4, kernel, stride, upsample, Activation.RELU);
    }

    @Test
    void interiorTileOfAStrideOneLayerTakesItsHaloAndSkipsWhatThePaddingSpoils() {
        // outputs 10..19 of a 9x9 layer read inputs 6..23; the engine's padding spoils its first 4 outputs
        assertThat(Span.of(layer(9, 1, 1), 10, 20, 100)).isEqualTo(new Span(6, 24, 4));
    }

    @Test
    void atTheBorderTheEnginesOwnReflectPaddingIsUsed() {
        assertThat(Span.of(layer(9, 1, 1), 0, 10, 100)).isEqualTo(new Span(0, 14, 0));
        assertThat(Span.of(layer(9, 1, 1), 90, 100, 100)).isEqualTo(new Span(86, 100, 4));
    }

    @Test
    void aStridedLayerStartsOnAnEvenInputSoThatOutputsStayAligned() {
        // outputs 5..9 of 3x3/2 read inputs 9..19; from 9 moves back to 8, one output skipped
        assertThat(Span.of(layer(3, 2, 1), 5, 10, 100)).isEqualTo(new Span(8, 20, 1));
    }

    @Test
    void anUpsamplingLayerReadsHalfAsManyInputs() {
        // outputs 10..19 read upsampled 9..20, inputs 4..10; the engine's output 0 is output 8
        assertThat(Span.of(layer(3, 1, 2), 10, 20, 50)).isEqualTo(new Span(4, 11, 2));
    }
}
