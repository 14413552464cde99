package io.pastiche.testkit;

import io.pastiche.network.Activation;
import io.pastiche.network.Block;
import io.pastiche.network.ConvLayer;
import io.pastiche.network.NetworkSpec;
import io.pastiche.network.ResidualBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * Networks shaped like Magenta's transformer with other widths and depths, such as its slim mobile networks: three
 * contracting convolutions, residual blocks, two upsampling convolutions and the 9x9 one to RGB, under Magenta's
 * names.
 */
public final class MagentaLayouts {

    private MagentaLayouts() {
    }

    /**
     * @param contract  the channels of the three contracting convolutions
     * @param residuals the number of residual blocks, at the last contracting width
     * @param expand    the channels of the two upsampling convolutions
     */
    public static NetworkSpec of(int[] contract, int residuals, int[] expand) {
        List<Block> blocks = new ArrayList<>();
        blocks.add(new ConvLayer("contract/conv1", 3, contract[0], 9, 1, 1, Activation.RELU));
        blocks.add(new ConvLayer("contract/conv2", contract[0], contract[1], 3, 2, 1, Activation.RELU));
        blocks.add(new ConvLayer("contract/conv3", contract[1], contract[2], 3, 2, 1, Activation.RELU));
        int width = contract[2];
        for (int i = 1; i <= residuals; i++) {
            blocks.add(new ResidualBlock(
                    new ConvLayer("residual/residual" + i + "/conv1", width, width, 3, 1, 1, Activation.RELU),
                    new ConvLayer("residual/residual" + i + "/conv2", width, width, 3, 1, 1, Activation.NONE)));
        }
        blocks.add(new ConvLayer("expand/conv1", width, expand[0], 3, 1, 2, Activation.RELU));
        blocks.add(new ConvLayer("expand/conv2", expand[0], expand[1], 3, 1, 2, Activation.RELU));
        blocks.add(new ConvLayer("expand/conv3", expand[1], 3, 9, 1, 1, Activation.SIGMOID));
        return new NetworkSpec(blocks);
    }

    /** The released mobile network's layout: 32 channels, six residual blocks, expand to 8 and 4. */
    public static NetworkSpec mobile() {
        return of(new int[] {32, 32, 32}, 6, new int[] {8, 4});
    }
}
