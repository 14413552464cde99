package io.pastiche.tensorflow.magenta;

import io.pastiche.ModelFormatException;
import io.pastiche.Style;
import io.pastiche.model.Model;
import io.pastiche.network.Activation;
import io.pastiche.network.Block;
import io.pastiche.network.ConvLayer;
import io.pastiche.network.NetworkSpec;
import io.pastiche.network.ResidualBlock;
import io.pastiche.norm.CinParameters;
import io.pastiche.norm.ConditionalInstanceNorm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Magenta's names for the layers of its transformer, and the pastiche network built from what a checkpoint or a
 * frozen graph says about each layer. Shared by both importers, so that they agree on names and order.
 *
 * <p>Magenta ({@code image_stylization/model.py}) names its convolution scopes
 * {@code transformer/contract/convK}, {@code transformer/residual/residualK/conv1|conv2} and
 * {@code transformer/expand/convK/conv} (the upsampling scope holds a {@code conv} scope); a scope holds
 * {@code weights} (HWIO) and {@code InstanceNorm/gamma|beta} ([N, C]). The pastiche layer names drop
 * {@code transformer/} and the inner {@code /conv}, so that the paper's network imports with the names of
 * {@link NetworkSpec#standard(double)}.
 */
final class MagentaLayout {

    static final String ROOT = "transformer/";
    private static final Pattern CONTRACT = Pattern.compile("transformer/contract/conv(\\d+)");
    private static final Pattern RESIDUAL = Pattern.compile("transformer/residual/residual(\\d+)/conv([12])");
    private static final Pattern EXPAND = Pattern.compile("transformer/expand/conv(\\d+)/conv");

    /** The three parts of the transformer. */
    enum Part { CONTRACT, RESIDUAL, EXPAND }

    /**
     * One convolution scope of Magenta's transformer.
     *
     * @param scope  the Magenta scope, for example {@code transformer/expand/conv1/conv}
     * @param part   where it is
     * @param number K of {@code convK} or {@code residualK}
     * @param sub    1 or 2 in a residual block, else 0
     */
    record LayerName(String scope, Part part, int number, int sub) {

        /** The pastiche layer name: {@code contract/conv1}, {@code residual/residual1/conv2}, {@code expand/conv3}. */
        String pastiche() {
            return switch (part) {
                case CONTRACT -> "contract/conv" + number;
                case RESIDUAL -> "residual/residual" + number + "/conv" + sub;
                case EXPAND -> "expand/conv" + number;
            };
        }

        /** The checkpoint variable or frozen-graph node of this scope's weights. */
        String weights() {
            return scope + "/weights";
        }

        String gamma() {
            return scope + "/InstanceNorm/gamma";
        }

        String beta() {
            return scope + "/InstanceNorm/beta";
        }
    }

    /** The layer a Magenta scope names, or empty if it is not one of the transformer's convolution scopes. */
    static Optional<LayerName> parse(String scope) {
        Matcher m = CONTRACT.matcher(scope);
        if (m.matches()) {
            return Optional.of(new LayerName(scope, Part.CONTRACT, Integer.parseInt(m.group(1)), 0));
        }
        m = RESIDUAL.matcher(scope);
        if (m.matches()) {
            return Optional.of(new LayerName(scope, Part.RESIDUAL, Integer.parseInt(m.group(1)),
                    Integer.parseInt(m.group(2))));
        }
        m = EXPAND.matcher(scope);
        if (m.matches()) {
            return Optional.of(new LayerName(scope, Part.EXPAND, Integer.parseInt(m.group(1)), 0));
        }
        return Optional.empty();
    }

    /**
     * What the source says about one convolution and its CIN layer.
     *
     * @param name       the layer
     * @param hwio       the weights, HWIO as TensorFlow stores them
     * @param hwioShape  [kh, kw, in, out]
     * @param gamma      [N, C] row-major
     * @param gammaShape its shape
     * @param beta       [N, C] row-major
     * @param betaShape  its shape
     * @param stride     1 or 2
     * @param upsample   1 or 2
     * @param activation what follows the normalisation
     */
    record LayerData(LayerName name, float[] hwio, long[] hwioShape, float[] gamma, long[] gammaShape, float[] beta,
                     long[] betaShape, int stride, int upsample, Activation activation) {
    }

    private MagentaLayout() {
    }

    /**
     * The layers in the order they run: contract by number, residual blocks by number (conv1 then conv2), expand
     * by number. Numbers must run 1, 2, ... without a gap, and each residual block needs both convolutions.
     *
     * @param source how messages name the file
     */
    static List<LayerName> order(List<LayerName> names, String source) {
        Map<Integer, LayerName> contract = new TreeMap<>();
        Map<Integer, LayerName[]> residual = new TreeMap<>();
        Map<Integer, LayerName> expand = new TreeMap<>();
        for (LayerName name : names) {
            switch (name.part()) {
                case CONTRACT -> contract.put(name.number(), name);
                case EXPAND -> expand.put(name.number(), name);
                case RESIDUAL -> residual.computeIfAbsent(name.number(), k -> new LayerName[2])[name.sub() - 1] = name;
            }
        }
        if (contract.isEmpty()) {
            throw new ModelFormatException(source + ": no transformer/contract/conv1 (a Magenta style transformer "
                    + "starts with it)");
        }
        if (expand.isEmpty()) {
            throw new ModelFormatException(source + ": no transformer/expand/conv1/conv (a Magenta style transformer "
                    + "ends with its expand layers)");
        }
        checkContiguous(contract.keySet(), "transformer/contract/conv", "", source);
        checkContiguous(residual.keySet(), "transformer/residual/residual", "/conv1", source);
        checkContiguous(expand.keySet(), "transformer/expand/conv", "/conv", source);
        List<LayerName> ordered = new ArrayList<>(contract.values());
        residual.forEach((k, pair) -> {
            for (int s = 0; s < 2; s++) {
                if (pair[s] == null) {
                    throw new ModelFormatException(source + ": transformer/residual/residual" + k + "/conv" + (s + 1)
                            + " is missing (a residual block has two convolutions)");
                }
                ordered.add(pair[s]);
            }
        });
        ordered.addAll(expand.values());
        return ordered;
    }

    private static void checkContiguous(Iterable<Integer> numbers, String prefix, String suffix, String source) {
        int expected = 1;
        for (int n : numbers) {
            if (n != expected) {
                throw new ModelFormatException(source + ": " + prefix + expected + suffix + " is missing, but "
                        + prefix + n + suffix + " is there");
            }
            expected++;
        }
    }

    /**
     * Checks the shapes, converts the weights to OIHW and builds the model.
     *
     * @param layers     in the order they run ({@link #order})
     * @param styleNames the names of the N styles, or empty for style_0, style_1, ...
     * @param source     how messages name the file
     * @throws ModelFormatException     if a shape does not fit
     * @throws IllegalArgumentException if {@code styleNames} does not have N names
     */
    static Model build(List<LayerData> layers, Optional<List<String>> styleNames, String source) {
        int channels = NetworkSpec.IMAGE_CHANNELS;
        int styles = -1;
        List<ConvLayer> convs = new ArrayList<>();
        for (LayerData layer : layers) {
            LayerName name = layer.name();
            long[] shape = layer.hwioShape();
            if (shape.length != 4 || shape[0] != shape[1] || shape[0] % 2 == 0 || shape[3] < 1) {
                throw new ModelFormatException(source + ": " + name.weights() + " has shape " + Arrays.toString(shape)
                        + "; expected [k, k, in, out] (HWIO) with an odd square kernel k");
            }
            if (shape[2] != channels) {
                throw new ModelFormatException(source + ": " + name.weights() + " has shape " + Arrays.toString(shape)
                        + ": it takes " + shape[2] + " channels but the layer before it gives " + channels);
            }
            int out = Math.toIntExact(shape[3]);
            for (long[] table : List.of(layer.gammaShape(), layer.betaShape())) {
                String what = table == layer.gammaShape() ? name.gamma() : name.beta();
                if (table.length != 2 || table[1] != out || table[0] < 1) {
                    throw new ModelFormatException(source + ": " + what + " has shape " + Arrays.toString(table)
                            + "; expected [N, " + out + "] (N styles, one value per output channel of "
                            + name.weights() + ")");
                }
                if (styles < 0) {
                    styles = Math.toIntExact(table[0]);
                } else if (table[0] != styles) {
                    throw new ModelFormatException(source + ": " + what + " has " + table[0] + " styles (shape "
                            + Arrays.toString(table) + "), the layers before it have " + styles);
                }
            }
            try {
                convs.add(new ConvLayer(name.pastiche(), channels, out, Math.toIntExact(shape[0]), layer.stride(),
                        layer.upsample(), layer.activation()));
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException(source + ": " + name.scope() + " cannot be a pastiche layer: "
                        + e.getMessage(), e);
            }
            channels = out;
        }
        NetworkSpec spec = spec(convs, layers, source);

        List<float[]> weights = new ArrayList<>();
        List<ConditionalInstanceNorm> norms = new ArrayList<>();
        for (int i = 0; i < convs.size(); i++) {
            ConvLayer conv = convs.get(i);
            LayerData layer = layers.get(i);
            weights.add(hwioToOihw(layer.hwio(), conv.kernel(), conv.inChannels(), conv.outChannels()));
            norms.add(new ConditionalInstanceNorm(conv.name(), styles, conv.outChannels(), layer.gamma(),
                    layer.beta()));
        }
        List<String> names = styleNames.orElseGet(() -> defaultNames(layers.isEmpty() ? 0 : norms.get(0).styles()));
        if (names.size() != styles) {
            throw new IllegalArgumentException(names.size() + " style name" + (names.size() == 1 ? " is" : "s are")
                    + " given, but " + source + " has " + styles + " styles");
        }
        List<Style> list = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            list.add(Style.named(i, names.get(i)));
        }
        double alpha = convs.get(0).outChannels() / 32.0;
        return new Model(spec, alpha, weights, new CinParameters(spec, norms), list);
    }

    /** style_0, style_1, ... */
    static List<String> defaultNames(int styles) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < styles; i++) {
            names.add("style_" + i);
        }
        return names;
    }

    /** Groups the residual convolutions into blocks; the network must end with 3 channels. */
    private static NetworkSpec spec(List<ConvLayer> convs, List<LayerData> layers, String source) {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < convs.size(); i++) {
            LayerName name = layers.get(i).name();
            try {
                if (name.part() == Part.RESIDUAL) {
                    blocks.add(new ResidualBlock(convs.get(i), convs.get(i + 1)));
                    i++;
                } else {
                    blocks.add(convs.get(i));
                }
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException(source + ": " + name.scope() + " does not make a residual block: "
                        + e.getMessage(), e);
            }
        }
        try {
            return new NetworkSpec(blocks);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(source + ": the layers do not make a network: " + e.getMessage(), e);
        }
    }

    /** [kh, kw, in, out] to [out, in, kh, kw]. */
    static float[] hwioToOihw(float[] hwio, int k, int in, int out) {
        float[] oihw = new float[hwio.length];
        for (int y = 0; y < k; y++) {
            for (int x = 0; x < k; x++) {
                for (int i = 0; i < in; i++) {
                    int from = ((y * k + x) * in + i) * out;
                    for (int o = 0; o < out; o++) {
                        oihw[((o * in + i) * k + y) * k + x] = hwio[from + o];
                    }
                }
            }
        }
        return oihw;
    }
}
