package io.pastiche.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.pastiche.ModelFormatException;
import io.pastiche.Style;
import io.pastiche.model.Model;
import io.pastiche.network.Activation;
import io.pastiche.network.ConvLayer;
import io.pastiche.network.NetworkSpec;
import io.pastiche.network.ResidualBlock;
import io.pastiche.norm.CinParameters;
import io.pastiche.norm.ConditionalInstanceNorm;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Coverage-guided fuzzing of the checkpoint reader, as resuming uses it. Whatever the bytes, reading gives a
 * training state or a {@link ModelFormatException} or {@link CheckpointException} naming the file; anything
 * else is a finding. Without {@code JAZZER_FUZZ} this replays {@code CheckpointFuzzTestInputs/checkpoint}.
 */
class CheckpointFuzzTest {

    /** The trajectory the seeds were written with, so that fuzzing reaches past the settings check. */
    static final String TRAJECTORY = "fuzz";

    private static Path folder;

    @FuzzTest(maxDuration = "10m")
    void checkpoint(byte[] bytes) throws IOException {
        if (folder == null) {
            folder = Files.createTempDirectory("checkpoint-fuzz");
            folder.toFile().deleteOnExit();
        }
        // A new file each time: a file still mapped by an earlier read is slow to truncate.
        Path file = Files.write(Files.createTempFile(folder, "fuzzed", ".ckpt"), bytes);
        try {
            TrainingState state = Checkpoint.read(file, TRAJECTORY);
            assertThat(state.toModel().styles()).isNotEmpty();
        } catch (ModelFormatException | CheckpointException e) {
            assertThat(e.getMessage()).contains(file.toString()).doesNotContainPattern("\\p{Cc}");
        } finally {
            Files.delete(file);
        }
    }

    /** A network of a few hundred weights, so that seeds stay small enough to mutate quickly. */
    private static Model tinyModel() {
        NetworkSpec spec = new NetworkSpec(List.of(
                new ConvLayer("head", 3, 2, 1, 1, 1, Activation.RELU),
                new ResidualBlock(new ConvLayer("body/conv1", 2, 2, 3, 1, 1, Activation.RELU),
                        new ConvLayer("body/conv2", 2, 2, 3, 1, 1, Activation.NONE)),
                new ConvLayer("tail", 2, 3, 1, 1, 1, Activation.SIGMOID)));
        Random random = new Random(3);
        List<float[]> weights = new ArrayList<>();
        List<ConditionalInstanceNorm> norms = new ArrayList<>();
        for (ConvLayer conv : spec.convolutions()) {
            float[] w = new float[conv.weightCount()];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) random.nextGaussian();
            }
            weights.add(w);
            float[] gamma = new float[2 * conv.outChannels()];
            Arrays.fill(gamma, 1);
            norms.add(new ConditionalInstanceNorm(conv.name(), 2, conv.outChannels(), gamma,
                    new float[gamma.length]));
        }
        return new Model(spec, 1, weights, new CinParameters(spec, norms),
                List.of(Style.named(0, "first"), Style.named(1, "second")));
    }

    /**
     * Writes the seed inputs: a valid checkpoint (the first style frozen, so both trained and frozen tensors
     * occur) and damaged ones (a changed data byte under the checksum, NaN without a checksum, truncation, a
     * step that is not a number). Run with the test class path and the inputs folder as the argument.
     */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        Path scratch = Files.createTempFile("seed", ".ckpt");
        TrainingState state = new TrainingState(tinyModel(), 1);
        state.step = 12;
        Checkpoint.write(state, TRAJECTORY, scratch);
        byte[] good = Files.readAllBytes(scratch);
        Files.write(dir.resolve("valid"), good);
        int dataStart = 8 + (int) ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        byte[] flipped = good.clone();
        flipped[dataStart + 7] ^= 0x10;
        Files.write(dir.resolve("checksum-mismatch"), flipped);
        String header = new String(good, 8, dataStart - 8, java.nio.charset.StandardCharsets.UTF_8);
        byte[] json = header.replaceFirst(",\"data_sha256\":\"[0-9a-f]+\"", "")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] unsummed = good.clone();
        System.arraycopy(json, 0, unsummed, 8, json.length);
        Arrays.fill(unsummed, 8 + json.length, dataStart, (byte) ' ');
        byte[] nan = unsummed.clone();
        ByteBuffer.wrap(nan).order(ByteOrder.LITTLE_ENDIAN).putFloat(dataStart + 4, Float.NaN);
        Files.write(dir.resolve("nan-without-checksum"), nan);
        Files.write(dir.resolve("truncated"), Arrays.copyOf(good, good.length - 9));
        Files.write(dir.resolve("step-not-a-number"), new String(good, java.nio.charset.StandardCharsets.ISO_8859_1)
                .replace("\"checkpoint.step\":\"12\"", "\"checkpoint.step\":\"x2\"")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        Files.delete(scratch);
    }
}
