package io.pastiche.tensorflow.magenta;

import io.pastiche.ModelFormatException;
import io.pastiche.model.Model;
import io.pastiche.network.Activation;
import io.pastiche.tensorflow.TensorflowBackendProvider;
import io.pastiche.tensorflow.magenta.MagentaLayout.LayerData;
import io.pastiche.tensorflow.magenta.MagentaLayout.LayerName;
import io.pastiche.tensorflow.magenta.MagentaLayout.Part;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.tensorflow.proto.GraphDef;

/**
 * Imports the style transfer networks of the paper's authors, trained with Magenta's {@code image_stylization}
 * code, into pastiche models: TensorFlow checkpoints (the released "monet" and "varied" models) and frozen
 * GraphDefs (the mobile variants, also 8-bit ones: quantised weights, or the fully quantised kernels of
 * TensorFlow's eightbit rewrite, read as the float network of their weights). The architecture is read from
 * the variable or node names and shapes: how many contract, residual and expand layers, their kernels and
 * channels, N from gamma's shape [N, C]. See {@code docs/magenta-import.md} for the names, the mapping and what is
 * assumed about the released files.
 *
 * <p>Both methods load TensorFlow (its checkpoint reader, or a session that evaluates the graph's constants and
 * dequantises 8-bit weights exactly as the graph does). Thread-safe: they share no state.
 */
public final class MagentaImport {

    /** Optimizer slots and other training bookkeeping stored next to a variable, which a model does not need. */
    private static final Pattern SLOT = Pattern.compile(
            ".*/(Adam(_\\d+)?|Momentum|RMSProp(_\\d+)?|Adagrad|Ftrl(_\\d+)?|ExponentialMovingAverage)");

    private MagentaImport() {
    }

    /**
     * Reads a Magenta checkpoint.
     *
     * <p>A checkpoint holds the variables but not the graph, so strides, upsampling and activations follow Magenta's
     * {@code model.py}: {@code contract/conv1} has stride 1 and the other contract layers stride 2; every expand
     * layer but the last upsamples by 2; ReLU everywhere but after the second convolution of a residual block
     * (none) and after the last expand layer (sigmoid). Variables outside {@code transformer/} (the VGG loss
     * network, {@code global_step}) and optimizer slots are ignored.
     *
     * @param checkpointPrefix the V2 prefix ({@code model.ckpt} for {@code model.ckpt.index} and
     *                         {@code model.ckpt.data-00000-of-00001}; the {@code .index} file itself is accepted
     *                         too), or a V1 single-file checkpoint
     * @param styleNames       the names of the N styles, in order; empty for {@code style_0}, {@code style_1}, ...
     * @return the network, its weights (OIHW) and its N styles' gamma/beta, as a pastiche model
     * @throws NoSuchFileException      if there is no such checkpoint
     * @throws ModelFormatException     if a variable is missing, not understood or of a shape that does not fit
     *                                  (the message names it)
     * @throws IllegalArgumentException if {@code styleNames} does not hold N names
     * @throws io.pastiche.BackendException if TensorFlow cannot be loaded
     */
    public static Model fromCheckpoint(Path checkpointPrefix, Optional<List<String>> styleNames) throws IOException {
        String prefix = checkpointPrefix.toString();
        if (prefix.endsWith(".index")) {
            prefix = prefix.substring(0, prefix.length() - ".index".length());
        } else if (prefix.matches(".*\\.data-\\d+-of-\\d+")) {
            prefix = prefix.substring(0, prefix.lastIndexOf(".data-"));
        }
        Path index = Path.of(prefix + ".index");
        if (!Files.isRegularFile(index) && !Files.isRegularFile(Path.of(prefix))) {
            throw new NoSuchFileException(index.toString());
        }
        String source = "checkpoint " + prefix;
        startTensorflow();
        try (CheckpointFile checkpoint = new CheckpointFile(prefix, source)) {
            Map<LayerName, Map<String, String>> variables = new LinkedHashMap<>();
            for (String name : checkpoint.names()) {
                if (!name.startsWith(MagentaLayout.ROOT) || SLOT.matcher(name).matches()) {
                    continue;
                }
                String scope;
                String role;
                if (name.endsWith("/InstanceNorm/gamma") || name.endsWith("/InstanceNorm/beta")) {
                    scope = name.substring(0, name.lastIndexOf("/InstanceNorm/"));
                    role = name.substring(name.lastIndexOf('/') + 1);
                } else if (name.endsWith("/weights")) {
                    scope = name.substring(0, name.length() - "/weights".length());
                    role = "weights";
                } else {
                    throw new ModelFormatException(source + ": variable " + name + " is not part of a Magenta style "
                            + "transformer as this importer knows it (weights, InstanceNorm/gamma, "
                            + "InstanceNorm/beta; a bias, for example, is not)");
                }
                LayerName layer = MagentaLayout.parse(scope).orElseThrow(() -> new ModelFormatException(source
                        + ": variable " + name + " is not in one of Magenta's transformer scopes "
                        + "(transformer/contract/convK, transformer/residual/residualK/conv1|conv2, "
                        + "transformer/expand/convK/conv)"));
                variables.computeIfAbsent(layer, k -> new LinkedHashMap<>()).put(role, name);
            }
            List<LayerName> order = MagentaLayout.order(new ArrayList<>(variables.keySet()), source);
            int expandLayers = (int) order.stream().filter(l -> l.part() == Part.EXPAND).count();
            List<LayerData> layers = new ArrayList<>();
            for (LayerName layer : order) {
                Map<String, String> roles = variables.get(layer);
                for (String needed : List.of(layer.weights(), layer.gamma(), layer.beta())) {
                    if (!roles.containsValue(needed)) {
                        throw new ModelFormatException(source + ": variable " + needed + " is missing");
                    }
                }
                int stride = layer.part() == Part.CONTRACT && layer.number() > 1 ? 2 : 1;
                boolean last = layer.part() == Part.EXPAND && layer.number() == expandLayers;
                int upsample = layer.part() == Part.EXPAND && !last ? 2 : 1;
                Activation activation = last ? Activation.SIGMOID
                        : layer.part() == Part.RESIDUAL && layer.sub() == 2 ? Activation.NONE : Activation.RELU;
                layers.add(new LayerData(layer,
                        checkpoint.floats(layer.weights()), checkpoint.shape(layer.weights()),
                        checkpoint.floats(layer.gamma()), checkpoint.shape(layer.gamma()),
                        checkpoint.floats(layer.beta()), checkpoint.shape(layer.beta()),
                        stride, upsample, activation));
            }
            return MagentaLayout.build(layers, styleNames, source);
        }
    }

    /**
     * Reads a frozen Magenta GraphDef (binary protobuf, as {@code freeze_graph} writes it). The graph's data flow is
     * checked from {@code input} through every layer to the final sigmoid; strides, upsampling and activations are
     * read from the graph; 8-bit weights ({@code Dequantize} of quint8 constants with their min and max, in any of
     * TensorFlow's modes) are dequantised by TensorFlow itself, so the imported float weights are exactly those the
     * graph computes with. A graph of quantised kernels (TensorFlow's eightbit rewrite: {@code QuantizedConv2D},
     * {@code QuantizedRelu}, {@code QuantizedReshape} with their {@code QuantizeV2}, {@code Requantize} and
     * {@code Dequantize} nodes) imports as the float network with the filters read as {@code QuantizedConv2D} reads
     * them; its activations are not quantised, so the result differs from running the 8-bit graph by that
     * quantisation (see {@code docs/magenta-import.md}).
     *
     * @param graphDef   the {@code .pb} file
     * @param styleNames the names of the N styles, in order; empty for {@code style_0}, {@code style_1}, ...
     * @return the network, its weights (OIHW) and its N styles' gamma/beta, as a pastiche model
     * @throws NoSuchFileException      if there is no such file
     * @throws ModelFormatException     if it is not a GraphDef, or a node is missing, not understood, or of a shape
     *                                  that does not fit (the message names it)
     * @throws IllegalArgumentException if {@code styleNames} does not hold N names
     * @throws io.pastiche.BackendException if TensorFlow cannot be loaded
     */
    public static Model fromFrozenGraph(Path graphDef, Optional<List<String>> styleNames) throws IOException {
        if (!Files.exists(graphDef)) {
            throw new NoSuchFileException(graphDef.toString());
        }
        byte[] bytes = Files.readAllBytes(graphDef);
        GraphDef graph;
        try {
            graph = GraphDef.parseFrom(bytes);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new ModelFormatException(graphDef + " is not a binary TensorFlow GraphDef: " + e.getMessage(), e);
        }
        if (graph.getNodeCount() == 0) {
            throw new ModelFormatException(graphDef + " is not a TensorFlow GraphDef (no nodes)");
        }
        startTensorflow();
        return new FrozenGraph(graph, "graph " + graphDef).read(styleNames);
    }

    /** Loads TensorFlow the way the backend does (its thread settings, its error messages). */
    private static void startTensorflow() {
        new TensorflowBackendProvider().open().close();
    }
}
