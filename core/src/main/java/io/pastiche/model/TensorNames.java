package io.pastiche.model;

import io.pastiche.network.ConvLayer;
import io.pastiche.network.NetworkSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The names and shapes of a model's tensors. A layer name such as {@code contract/conv1} becomes the prefix
 * {@code contract.conv1} (PyTorch's module path style), and each layer has three tensors:
 * <ul>
 *   <li>{@code <prefix>.weight}, shape [out, in, k, k] (OIHW, as PyTorch's Conv2d);</li>
 *   <li>{@code <prefix>.norm.gamma} and {@code <prefix>.norm.beta}, shape [N, out], one row per style.</li>
 * </ul>
 * Layer names are letters, digits and '_' separated by '/', so the mapping is one-to-one and no two layers can
 * produce the same tensor name.
 */
public final class TensorNames {

    private TensorNames() {
    }

    /**
     * {@code contract/conv1} to {@code contract.conv1}.
     *
     * @param conv the convolution
     * @return its name with every '/' replaced by '.'
     */
    public static String prefix(ConvLayer conv) {
        return conv.name().replace('/', '.');
    }

    /**
     * The convolution's weights.
     *
     * @param conv the convolution
     * @return {@code <prefix>.weight}
     */
    public static String weight(ConvLayer conv) {
        return prefix(conv) + ".weight";
    }

    /**
     * The CIN scale table of the layer that follows the convolution.
     *
     * @param conv the convolution
     * @return {@code <prefix>.norm.gamma}
     */
    public static String gamma(ConvLayer conv) {
        return prefix(conv) + ".norm.gamma";
    }

    /**
     * The CIN shift table of the layer that follows the convolution.
     *
     * @param conv the convolution
     * @return {@code <prefix>.norm.beta}
     */
    public static String beta(ConvLayer conv) {
        return prefix(conv) + ".norm.beta";
    }

    /**
     * Shape of the gamma and beta tables: [N, C].
     *
     * @param conv   the convolution
     * @param styles N, the number of styles
     * @return a new array {@code {styles, conv.outChannels()}}
     */
    public static long[] normShape(ConvLayer conv, int styles) {
        return new long[] {styles, conv.outChannels()};
    }

    /**
     * Every tensor a model of this network and number of styles has, with its shape, in file order: layer by
     * layer in network order, and for each its weight, gamma, beta.
     *
     * @param spec   the network
     * @param styles the number of styles
     * @return the shapes by tensor name, in file order
     */
    public static Map<String, long[]> expected(NetworkSpec spec, int styles) {
        Map<String, long[]> expected = new LinkedHashMap<>();
        for (ConvLayer conv : spec.convolutions()) {
            expected.put(weight(conv), conv.weightShape());
            expected.put(gamma(conv), normShape(conv, styles));
            expected.put(beta(conv), normShape(conv, styles));
        }
        return expected;
    }
}
