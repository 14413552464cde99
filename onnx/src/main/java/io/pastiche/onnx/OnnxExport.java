package io.pastiche.onnx;

import io.pastiche.files.AtomicWrite;
import io.pastiche.model.Manifest;
import io.pastiche.model.Model;
import io.pastiche.network.ConvLayer;
import io.pastiche.network.NetworkSpec;
import io.pastiche.onnx.proto.Onnx.ModelProto;
import io.pastiche.onnx.proto.Onnx.OperatorSetIdProto;
import io.pastiche.onnx.proto.Onnx.StringStringEntryProto;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Exports a pastiche model to ONNX: one graph that serves every style and every mix, for ONNX Runtime and other
 * ONNX engines (on servers, phones, in browsers).
 *
 * <p>The graph has two inputs and one output, all float32:
 * <ul>
 *   <li>{@value #IMAGE}: [batch, 3, height, width], RGB in [0, 1] (pixel / 255), any height and width from the
 *   network's minimum up;</li>
 *   <li>{@value #STYLE}: [batch, N], one row of style weights per image: a one-hot row for style {@code i},
 *   other weights for a mix; gamma and beta are the weights times each layer's tables, the weights used as
 *   given (as {@link io.pastiche.StyleMix} does: they are not normalised);</li>
 *   <li>{@value #PASTICHE}: [batch, 3, height, width], RGB in [0, 1], cropped to the input's size as pastiche
 *   crops it.</li>
 * </ul>
 * The model's manifest (architecture, styles and their names) is in the file's metadata, under the keys of the
 * safetensors manifest. Operator set {@value #OPSET}, IR version {@value #IR_VERSION}; the operators are listed
 * in {@code docs/export.md}.
 */
public final class OnnxExport {

    /** The ONNX operator set the graph is written for (default domain). */
    public static final int OPSET = 17;
    /** The ONNX IR version of the file: the first that carries operator set 17. */
    public static final int IR_VERSION = 8;
    /** The name of the image input. */
    public static final String IMAGE = "image";
    /** The name of the style weights input. */
    public static final String STYLE = "style";
    /** The name of the output. */
    public static final String PASTICHE = "pastiche";

    /** A protobuf message, and so an ONNX file without external data, is at most 2 GiB. */
    private static final long MAX_BYTES = Integer.MAX_VALUE;

    private OnnxExport() {
    }

    /**
     * The ONNX file's bytes.
     *
     * @param model the model to export, with all its styles
     * @return the whole ONNX file, a serialised {@code ModelProto}
     * @throws IllegalArgumentException if the weights would not fit in one ONNX file (2 GiB)
     */
    public static byte[] toBytes(Model model) {
        return toProto(model).toByteArray();
    }

    /**
     * Writes the ONNX file atomically: a crash or an error leaves the old file or the new one, never half of one.
     *
     * @param model the model to export, with all its styles
     * @param file  the ONNX file; replaced if it exists
     * @throws IOException              if the file cannot be written
     * @throws IllegalArgumentException if the weights would not fit in one ONNX file (2 GiB)
     */
    public static void write(Model model, Path file) throws IOException {
        byte[] bytes = toBytes(model);
        AtomicWrite.write(file, channel -> {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        });
    }

    /** The ONNX model, checked against the ONNX rules {@link GraphCheck} applies. */
    static ModelProto toProto(Model model) {
        checkSize(model.spec(), model.cin().styles());
        ModelProto.Builder onnx = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName("pastiche")
                .setDocString("Artistic style transfer (Dumoulin, Shlens, Kudlur, ICLR 2017): inputs 'image' "
                        + "(RGB in [0, 1]) and 'style' (one weight per style), output 'pastiche' (RGB in [0, 1]).")
                .setGraph(NetworkGraph.of(model));
        for (Map.Entry<String, String> entry : Manifest.of(model).toMetadata().entrySet()) {
            onnx.addMetadataProps(StringStringEntryProto.newBuilder().setKey(entry.getKey())
                    .setValue(entry.getValue()));
        }
        ModelProto built = onnx.build();
        List<String> problems = GraphCheck.problems(built);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the exported graph breaks ONNX rules: " + String.join("; ", problems));
        }
        return built;
    }

    /** Refuses, before building anything, a network whose weights exceed what one protobuf message can hold. */
    static void checkSize(NetworkSpec spec, int styles) {
        long floats = 0;
        for (ConvLayer conv : spec.convolutions()) {
            // the weights, the gamma and beta tables, and the normalisation's unit scale and zero shift
            floats += (long) conv.weightCount() + 2L * conv.outChannels() * (styles + 1);
        }
        long bytes = 4 * floats;
        if (bytes > MAX_BYTES - (1 << 20)) {
            throw new IllegalArgumentException("the model's " + bytes + " bytes of weights do not fit in one ONNX "
                    + "file, which holds at most 2 GiB");
        }
    }
}
