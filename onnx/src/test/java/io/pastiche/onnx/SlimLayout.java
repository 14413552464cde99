package io.pastiche.onnx;

import io.pastiche.network.Activation;
import io.pastiche.network.Block;
import io.pastiche.network.ConvLayer;
import io.pastiche.network.NetworkSpec;
import io.pastiche.network.ResidualBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * A custom layout like Magenta's slim mobile networks: other channel counts (8, 12, 16) and two residual blocks
 * instead of five, so nothing in the export can lean on the standard network's widths or depth.
 */
final class SlimLayout {

    private SlimLayout() {
    }

    static NetworkSpec spec() {
        List<Block> blocks = new ArrayList<>();
        blocks.add(new ConvLayer("contract/conv1", 3, 8, 9, 1, 1, Activation.RELU));
        blocks.add(new ConvLayer("contract/conv2", 8, 12, 3, 2, 1, Activation.RELU));
        blocks.add(new ConvLayer("contract/conv3", 12, 16, 3, 2, 1, Activation.RELU));
        for (int i = 1; i <= 2; i++) {
            blocks.add(new ResidualBlock(
                    new ConvLayer("residual/residual" + i + "/conv1", 16, 16, 3, 1, 1, Activation.RELU),
                    new ConvLayer("residual/residual" + i + "/conv2", 16, 16, 3, 1, 1, Activation.NONE)));
        }
        blocks.add(new ConvLayer("expand/conv1", 16, 12, 3, 1, 2, Activation.RELU));
        blocks.add(new ConvLayer("expand/conv2", 12, 8, 3, 1, 2, Activation.RELU));
        blocks.add(new ConvLayer("expand/conv3", 8, 3, 9, 1, 1, Activation.SIGMOID));
        return new NetworkSpec(blocks);
    }
}
