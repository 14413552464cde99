package io.pastiche.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pastiche.network.NetworkSpec;
import io.pastiche.plan.NetworkPlan;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;

class FeatureMapsTest {

    @BeforeAll
    static void start() {
        Nd4jRuntime.start();
    }

    @Test
    void buffersHoldTheLargestLayerOutputAndTheLargestInnerResidualMap() {
        try (MemoryWorkspace workspace = Workspaces.open(Workspaces.CALL)) {
            // standard(1.0) on 2 x 3 x 16 x 12: the largest output is 32 channels at 16 x 12; residual maps are
            // 128 channels at 4 x 3
            NetworkPlan plan = NetworkPlan.of(NetworkSpec.standard(1.0));
            FeatureMaps maps = new FeatureMaps(plan, plan.all(), 2, 16, 12);
            assertThat(maps.take(0, 2, 32, 16, 12).length()).isEqualTo(2 * 32 * 16 * 12);
            assertThat(maps.take(1, 2, 32, 16, 12).length()).isEqualTo(2 * 32 * 16 * 12);
            assertThat(maps.take(FeatureMaps.RESIDUAL, 2, 128, 4, 3).length()).isEqualTo(2 * 128 * 4 * 3);
            assertThatThrownBy(() -> maps.take(FeatureMaps.RESIDUAL, 2, 128, 4, 4))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void takenMapsShareTheirBuffer() {
        try (MemoryWorkspace workspace = Workspaces.open(Workspaces.CALL)) {
            NetworkPlan plan = NetworkPlan.of(NetworkSpec.standard(0.25));
            FeatureMaps maps = new FeatureMaps(plan, plan.all(), 1, 8, 8);
            INDArray first = maps.take(0, 1, 2, 2, 2);
            first.assign(5);
            INDArray again = maps.take(0, 1, 8);
            assertThat(again.toFloatVector()).containsOnly(5f);
            assertThat(first.ordering()).isEqualTo('c');
            assertThat(first.shape()).containsExactly(1, 2, 2, 2);
        }
    }

    @Test
    void layersAlternateBetweenTheTwoLargeBuffers() {
        assertThat(FeatureMaps.after(-1, FeatureMaps.OUTSIDE)).isZero();
        assertThat(FeatureMaps.after(0, FeatureMaps.OUTSIDE)).isEqualTo(1);
        assertThat(FeatureMaps.after(1, FeatureMaps.OUTSIDE)).isZero();
        // a residual block's second layer avoids the block's input
        assertThat(FeatureMaps.after(FeatureMaps.RESIDUAL, 0)).isEqualTo(1);
        assertThat(FeatureMaps.after(FeatureMaps.RESIDUAL, 1)).isZero();
    }

    @Test
    void aRangeSizesTheBuffersFromItsOwnLayers() {
        try (MemoryWorkspace workspace = Workspaces.open(Workspaces.CALL)) {
            // standard(1.0): layers 3 and 4 are the first residual block, 128 channels, here on a 4 x 3 input
            NetworkPlan plan = NetworkPlan.of(NetworkSpec.standard(1.0));
            FeatureMaps maps = new FeatureMaps(plan, plan.range(3, 5), 1, 4, 3);
            assertThat(maps.take(0, 1, 128, 4, 3).length()).isEqualTo(128 * 4 * 3);
            assertThat(maps.take(FeatureMaps.RESIDUAL, 1, 128, 4, 3).length()).isEqualTo(128 * 4 * 3);
            assertThatThrownBy(() -> maps.take(1, 1, 128, 4, 4)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aResidualBlocksInnerMapHasItsOwnBufferAndItsOutputAvoidsTheBlocksInput() {
        try (MemoryWorkspace workspace = Workspaces.open(Workspaces.CALL)) {
            NetworkPlan plan = NetworkPlan.of(NetworkSpec.standard(0.25));
            FeatureMaps maps = new FeatureMaps(plan, plan.all(), 1, 16, 16);
            int[] buffers = new int[plan.layers().size()];
            for (int i = 0; i < buffers.length; i++) {
                buffers[i] = maps.next(plan.layer(i));
                if (plan.layer(i).joins()) {
                    maps.joined();
                }
            }
            // three plain layers alternate from buffer 0; each block's first layer writes into RESIDUAL, its
            // second into the large buffer its input (the previous block's output) is not in
            assertThat(buffers).startsWith(0, 1, 0, FeatureMaps.RESIDUAL, 1, FeatureMaps.RESIDUAL, 0);
            assertThat(buffers[buffers.length - 1]).isNotEqualTo(buffers[buffers.length - 2]);
        }
    }
}
