package io.pastiche.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pastiche.LoadOptions;
import io.pastiche.ModelFormatException;
import io.pastiche.lossnet.Pooling;
import io.pastiche.model.Model;
import io.pastiche.model.SafetensorsReader;
import io.pastiche.model.TensorEntry;
import io.pastiche.network.NetworkSpec;
import io.pastiche.testkit.RandomModels;
import io.pastiche.testkit.TrainingFixtures;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged checkpoint is refused when resuming, saying it is damaged, rather than resumed into NaN losses
 * that the guard would then blame on the learning rate.
 */
class CheckpointIntegrityTest {

    @TempDir
    Path dir;

    private final Model start = RandomModels.model(NetworkSpec.standard(0.125), 2, 1);
    private final List<BufferedImage> photos = List.of(image(40, 30), image(33, 33));
    private final List<BufferedImage> paintings = List.of(image(20, 20), image(16, 24));
    private final TrainingConfig config = TrainingConfig.defaults().withSteps(4).withBatchSize(2).withCropSize(16)
            .withLearningRate(0.05).withCheckpointEvery(2).withSampleEvery(0).withLoss(TrainingFixtures.tinyLoss());

    private Trainer trainer(TrainingConfig c) {
        return new Trainer(c, TrainingFixtures.tinyVgg(Pooling.AVERAGE, 1), LoadOptions.defaults().withBackend("toy"));
    }

    private static BufferedImage image(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (x * 7919 + y * 104729) * 2654435761L > 0 ? 0x808080 + x : 0x203040 + y);
            }
        }
        return image;
    }

    private Path checkpoint() throws Exception {
        Path checkpoint = dir.resolve("run.ckpt");
        trainer(config.withSteps(2)).train(start, paintings, photos, checkpoint, false);
        return checkpoint;
    }

    /** Puts {@code value} at element {@code index} of tensor {@code name}, as a bit flip on disk might. */
    private static void poke(Path file, String name, int index, float value) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        long begin;
        try (SafetensorsReader reader = SafetensorsReader.open(file)) {
            TensorEntry entry = reader.header().tensor(name).orElseThrow();
            begin = entry.begin();
        }
        int dataStart = 8 + (int) ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putFloat(dataStart + (int) begin + 4 * index, value);
        Files.write(file, bytes);
    }

    @Test
    void checkpointsCarryAChecksum() throws Exception {
        try (SafetensorsReader reader = SafetensorsReader.open(checkpoint())) {
            assertThat(reader.header().metadata().orElseThrow().get("data_sha256")).matches("[0-9a-f]{64}");
        }
    }

    @Test
    void resumingADamagedCheckpointSaysItIsDamaged() throws Exception {
        Path checkpoint = checkpoint();
        poke(checkpoint, "adam.v.contract.conv1.weight", 3, 0.123f);
        assertThatThrownBy(() -> trainer(config).train(start, paintings, photos, checkpoint, true))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining(checkpoint.toString())
                .hasMessageContaining("damaged").hasMessageContaining("checksum does not match");
        assertThatThrownBy(() -> Checkpoint.model(checkpoint)).hasMessageContaining("checksum does not match");
    }

    @Test
    void nanInACheckpointWithoutChecksumIsRefusedNamingTheTensor() throws Exception {
        Path checkpoint = checkpoint();
        stripChecksum(checkpoint);
        poke(checkpoint, "contract.conv1.norm.beta", 5, Float.NaN);
        assertThatThrownBy(() -> trainer(config).train(start, paintings, photos, checkpoint, true))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("tensor 'contract.conv1.norm.beta'").hasMessageContaining("NaN at index 5");
    }

    /** Removes {@code data_sha256} from the header, keeping its length, as an older pastiche wrote checkpoints. */
    private static void stripChecksum(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        int start = 8 + (int) ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        String header = new String(bytes, 8, start - 8, StandardCharsets.UTF_8);
        byte[] json = header.replaceFirst(",\"data_sha256\":\"[0-9a-f]+\"", "").getBytes(StandardCharsets.UTF_8);
        System.arraycopy(json, 0, bytes, 8, json.length);
        Arrays.fill(bytes, 8 + json.length, start, (byte) ' ');
        Files.write(file, bytes);
        try (SafetensorsReader reader = SafetensorsReader.open(file)) {
            assertThat(reader.header().metadata().orElseThrow()).doesNotContainKey("data_sha256");
        }
    }

    @Test
    void checkpointsWithoutChecksumStillResume() throws Exception {
        Path checkpoint = checkpoint();
        stripChecksum(checkpoint);
        Model resumed = trainer(config).train(start, paintings, photos, checkpoint, true);
        assertThat(resumed.styles()).isEqualTo(start.styles());
    }

    @Test
    void aStyleNameNoCheckpointCouldHoldIsRefusedBeforeTraining() {
        List<io.pastiche.Style> styles = List.of(io.pastiche.Style.named(0, "first"),
                io.pastiche.Style.named(1, "the scream"));
        Model named = new Model(start.spec(), start.alpha(), start.weights(), start.cin(), styles);
        Path checkpoint = dir.resolve("never.ckpt");
        Trainer trainer = trainer(config);
        java.util.concurrent.atomic.AtomicInteger steps = new java.util.concurrent.atomic.AtomicInteger();
        trainer.addListener(new TrainingListener() {
            @Override
            public void onStep(TrainingProgress progress) {
                steps.incrementAndGet();
            }
        });
        assertThatThrownBy(() -> trainer.train(named, paintings, photos, checkpoint, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'the scream' has a space");
        assertThat(steps).as("steps trained before the refusal").hasValue(0);
        assertThat(checkpoint).doesNotExist();
    }
}
