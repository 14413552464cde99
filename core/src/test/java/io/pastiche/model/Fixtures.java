package io.pastiche.model;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pastiche.ModelFormatException;
import io.pastiche.Style;
import io.pastiche.network.Activation;
import io.pastiche.network.ConvLayer;
import io.pastiche.network.NetworkSpec;
import io.pastiche.network.ResidualBlock;
import io.pastiche.norm.CinParameters;
import io.pastiche.norm.ConditionalInstanceNorm;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.assertj.core.api.AbstractThrowableAssert;

/** Models and files for the model-file tests, good ones and ones wrong in exactly one way. */
final class Fixtures {

    private Fixtures() {
    }

    /** Small and unlike the standard network: other names, a 1x1 kernel, one residual block. */
    static NetworkSpec tinySpec() {
        return new NetworkSpec(List.of(
                new ConvLayer("head", 3, 4, 3, 1, 1, Activation.RELU),
                new ConvLayer("down", 4, 6, 3, 2, 1, Activation.RELU),
                new ResidualBlock(new ConvLayer("body/res_a/conv1", 6, 6, 3, 1, 1, Activation.RELU),
                        new ConvLayer("body/res_a/conv2", 6, 6, 3, 1, 1, Activation.NONE)),
                new ConvLayer("up", 6, 4, 3, 1, 2, Activation.RELU),
                new ConvLayer("tail", 4, 3, 1, 1, 1, Activation.SIGMOID)));
    }

    /** Random weights and random gamma/beta, so that a round trip that mixed up tensors would show. */
    static Model randomModel(NetworkSpec spec, List<Style> styles, long seed) {
        Random random = new Random(seed);
        List<float[]> weights = new ArrayList<>();
        List<ConditionalInstanceNorm> norms = new ArrayList<>();
        for (ConvLayer conv : spec.convolutions()) {
            weights.add(gaussian(random, conv.weightCount(), 0.1));
            int size = styles.size() * conv.outChannels();
            norms.add(new ConditionalInstanceNorm(conv.name(), styles.size(), conv.outChannels(),
                    gaussian(random, size, 1), gaussian(random, size, 1)));
        }
        return new Model(spec, 1.0, weights, new CinParameters(spec, norms), styles);
    }

    static Model tinyModel() {
        return randomModel(tinySpec(), List.of(new Style(0, "wave", "Hokusai", "The Great Wave, c. 1831"),
                Style.named(1, "scream")), 7);
    }

    private static float[] gaussian(Random random, int size, double scale) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (float) (scale * random.nextGaussian());
        }
        return values;
    }

    /** The tensors and manifest of a model, to be edited into a file that is wrong in one way. */
    static final class Draft {
        final Map<String, String> metadata;
        final Map<String, long[]> shapes = new LinkedHashMap<>();

        Draft(Model model) {
            metadata = new LinkedHashMap<>(Manifest.of(model).toMetadata());
            shapes.putAll(TensorNames.expected(model.spec(), model.styles().size()));
        }

        Draft shape(String tensor, long... shape) {
            shapes.put(tensor, shape);
            return this;
        }

        Draft without(String tensor) {
            shapes.remove(tensor);
            return this;
        }

        Draft meta(String key, String value) {
            if (value == null) {
                metadata.remove(key);
            } else {
                metadata.put(key, value);
            }
            return this;
        }

        /** Writes the draft: every tensor filled with 0.5. */
        Path write(Path file) throws IOException {
            SafetensorsWriter writer = new SafetensorsWriter(DType.F32, metadata);
            shapes.forEach((name, shape) -> {
                long count = 1;
                for (long dim : shape) {
                    count *= dim;
                }
                float[] values = new float[(int) count];
                java.util.Arrays.fill(values, 0.5f);
                writer.add(name, shape, values);
            });
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                writer.writeTo(channel);
            }
            return file;
        }
    }

    /** A safetensors container: the given 8-byte length, then {@code rest}. */
    static byte[] container(long headerLength, byte[] rest) {
        return ByteBuffer.allocate(8 + rest.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(headerLength).put(rest).array();
    }

    /** A safetensors container with a correct length field: header as given, then {@code data}. */
    static byte[] container(String header, byte[] data) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        byte[] rest = ByteBuffer.allocate(json.length + data.length).put(json).put(data).array();
        return container(json.length, rest);
    }

    static Path write(Path file, byte[] bytes) throws IOException {
        return Files.write(file, bytes);
    }

    /** Reading {@code file} fails with a ModelFormatException naming the file and each fragment. */
    static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(Path file, String... fragments) {
        AbstractThrowableAssert<?, ? extends Throwable> failure =
                assertThatThrownBy(() -> ModelFile.read(file)).isInstanceOf(ModelFormatException.class)
                        .hasMessageContaining(file.toString());
        for (String fragment : fragments) {
            failure.hasMessageContaining(fragment);
        }
        return failure;
    }

    /** Where the tensor data of safetensors bytes starts: after the length field and the header. */
    static int dataStart(byte[] file) {
        return 8 + (int) ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    }

    /**
     * The same file without its {@code data_sha256} metadata entry, as another safetensors writer would leave it:
     * the header keeps its length (padded with spaces), so the data does not move.
     */
    static byte[] withoutChecksum(byte[] file) {
        int start = dataStart(file);
        String header = new String(file, 8, start - 8, StandardCharsets.UTF_8);
        String stripped = header.replaceFirst(",?\\s*\"data_sha256\"\\s*:\\s*\"[0-9a-f]*\"", "");
        if (stripped.equals(header)) {
            throw new IllegalArgumentException("no data_sha256 in " + header);
        }
        byte[] out = file.clone();
        byte[] json = stripped.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(json, 0, out, 8, json.length);
        java.util.Arrays.fill(out, 8 + json.length, start, (byte) ' ');
        return out;
    }

    /** Overwrites element {@code index} of an F32 tensor of safetensors bytes with {@code value}. */
    static byte[] withFloat(byte[] file, String tensor, int index, float value) throws IOException {
        byte[] out = file.clone();
        TensorEntry entry;
        try (SafetensorsReader reader = SafetensorsReader.of(file, "bytes")) {
            entry = reader.header().tensor(tensor).orElseThrow();
        }
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN)
                .putFloat(dataStart(file) + (int) entry.begin() + 4 * index, value);
        return out;
    }
}
