package io.pastiche.onnx;

import io.pastiche.network.NetworkSpec;
import io.pastiche.testkit.MagentaLayouts;

/**
 * A custom layout like Magenta's slim mobile networks: other channel counts (8, 12, 16) and two residual blocks
 * instead of five, so nothing in the export can lean on the standard network's widths or depth.
 */
final class SlimLayout {

    private SlimLayout() {
    }

    static NetworkSpec spec() {
        return MagentaLayouts.of(new int[] {8, 12, 16}, 2, new int[] {12, 8});
    }
}
