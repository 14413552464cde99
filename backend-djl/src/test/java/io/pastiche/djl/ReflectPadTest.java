package io.pastiche.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReflectPadTest {

    @Test
    void mirrorsWithoutRepeatingTheEdge() {
        // A row of 4, padded by 2: [2 1 | 0 1 2 3 | 2 1]
        long[] index = ReflectPad.sourceIndex(1, 4, 0, 1);
        assertThat(index).containsExactly(0, 1, 2, 3);
        assertThat(ReflectPad.sourceIndex(3, 4, 2, 1)).hasSize(7 * 8);
        long[] padded = ReflectPad.sourceIndex(3, 4, 2, 1);
        long[] middleRow = java.util.Arrays.copyOfRange(padded, 2 * 8, 3 * 8);
        assertThat(middleRow).containsExactly(2, 1, 0, 1, 2, 3, 2, 1);
        long[] firstRow = java.util.Arrays.copyOfRange(padded, 0, 8);
        assertThat(firstRow).containsExactly(10, 9, 8, 9, 10, 11, 10, 9);
    }

    @Test
    void upsamplesBeforePadding() {
        // A row of 2 upsampled to [0 0 1 1], padded by 1: [0 | 0 0 1 1 | 1]
        long[] index = ReflectPad.sourceIndex(1, 2, 1, 2);
        long[] middleRow = java.util.Arrays.copyOfRange(index, 6, 12);
        assertThat(middleRow).containsExactly(0, 0, 0, 1, 1, 1);
    }

    @Test
    void refusesPaddingAsLargeAsTheSide() {
        assertThatThrownBy(() -> ReflectPad.sourceIndex(4, 4, 4, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
