package io.pastiche.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pastiche.LoadOptions;
import io.pastiche.Style;
import io.pastiche.lossnet.Pooling;
import io.pastiche.model.Model;
import io.pastiche.network.NetworkSpec;
import io.pastiche.testkit.RandomModels;
import io.pastiche.testkit.TrainingFixtures;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trainer's mechanics on the toy backend, whose loss is a quadratic with analytic gradients. */
class TrainerTest {

    @TempDir
    Path dir;

    private final Model start = RandomModels.model(NetworkSpec.standard(0.125), 3, 1);
    private final List<BufferedImage> photos = List.of(image(40, 30, 1), image(25, 50, 2), image(33, 33, 3));
    private final List<BufferedImage> paintings = List.of(image(20, 20, 4), image(30, 10, 5), image(16, 24, 6));
    private final TrainingConfig config = TrainingConfig.defaults().withSteps(12).withBatchSize(2).withCropSize(16)
            .withLearningRate(0.05).withCheckpointEvery(4).withSampleEvery(0).withLoss(TrainingFixtures.tinyLoss());

    private Trainer trainer(TrainingConfig c) {
        return new Trainer(c, TrainingFixtures.tinyVgg(Pooling.AVERAGE, 1), LoadOptions.defaults().withBackend("toy"));
    }

    private static BufferedImage image(int width, int height, long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt());
            }
        }
        return image;
    }

    @Test
    void lossFallsAndProgressIsReported() throws Exception {
        List<TrainingProgress> seen = new ArrayList<>();
        trainer(config.withSteps(40)).addListener(new TrainingListener() {
            @Override
            public void onStep(TrainingProgress progress) {
                seen.add(progress);
            }
        }).train(start, paintings, photos, dir.resolve("run.ckpt"), false);
        assertThat(seen).hasSize(40);
        assertThat(seen.get(39).loss().total()).isLessThan(seen.get(0).loss().total() / 2);
        assertThat(seen.get(39).step()).isEqualTo(40);
        assertThat(seen.get(5).imagesPerSecond()).isPositive();
        assertThat(seen.get(5).remaining().isNegative()).isFalse();
    }

    @Test
    void resumedRunFollowsExactlyTheUninterruptedTrajectory() throws Exception {
        Model straight = trainer(config).train(start, paintings, photos, dir.resolve("straight.ckpt"), false);

        Path checkpoint = dir.resolve("resumed.ckpt");
        Trainer first = trainer(config);
        first.addListener(new TrainingListener() {
            @Override
            public void onStep(TrainingProgress progress) {
                if (progress.step() == 7) {
                    first.requestStop(); // as Ctrl-C does: a checkpoint at step 7, between two periodic ones
                }
            }
        });
        Model stopped = first.train(start, paintings, photos, checkpoint, false);
        assertThat(Checkpoint.model(checkpoint).weight(3)).isEqualTo(stopped.weight(3));
        Model resumed = trainer(config).train(start, paintings, photos, checkpoint, true);

        assertSameParameters(resumed, straight);
        assertThat(resumed.weight(0)).isNotEqualTo(start.weight(0));
    }

    @Test
    void addedStylesTrainAloneAndEverythingElseStaysBitIdentical() throws Exception {
        List<TrainingProgress> seen = new ArrayList<>();
        Model grown = trainer(config.withSteps(30)).addListener(new TrainingListener() {
            @Override
            public void onStep(TrainingProgress progress) {
                seen.add(progress);
            }
        }).addStyles(start, List.of(new Style(0, "new", "someone", "somewhere")), List.of(image(20, 20, 9)), photos,
                dir.resolve("add.ckpt"), false);
        assertThat(grown.styles()).hasSize(4);
        assertThat(grown.styles().get(3).name()).isEqualTo("new");
        assertThat(grown.styles().get(3).index()).isEqualTo(3);
        for (int layer = 0; layer < start.spec().convolutions().size(); layer++) {
            assertThat(grown.weight(layer)).isEqualTo(start.weight(layer));
            for (int style = 0; style < 3; style++) {
                assertThat(grown.cin().layers().get(layer).gamma(style))
                        .isEqualTo(start.cin().layers().get(layer).gamma(style));
                assertThat(grown.cin().layers().get(layer).beta(style))
                        .isEqualTo(start.cin().layers().get(layer).beta(style));
            }
        }
        assertThat(grown.cin().layers().get(0).gamma(3)).isNotEqualTo(new float[grown.cin().layers().get(0).channels()]);
        assertThat(seen.get(29).loss().total()).isLessThan(seen.get(0).loss().total() / 2);
    }

    @Test
    void explodingLossStopsTheRunAndKeepsTheLastGoodCheckpoint() throws Exception {
        Path checkpoint = dir.resolve("boom.ckpt");
        trainer(config.withSteps(4)).train(start, paintings, photos, checkpoint, false);
        byte[] good = Files.readAllBytes(checkpoint);
        assertThatThrownBy(() -> trainer(config.withSteps(12).withLearningRate(1e30))
                .train(start, paintings, photos, dir.resolve("other.ckpt"), false))
                .isInstanceOf(TrainingStoppedException.class)
                .hasMessageContaining("training stopped at step 2")
                .hasMessageContaining("no checkpoint was written yet");
        TrainingConfig exploding = config.withSteps(12).withLearningRate(1e30);
        assertThatThrownBy(() -> trainer(exploding).train(start, paintings, photos, checkpoint, true))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("other settings");
        assertThat(Files.readAllBytes(checkpoint)).isEqualTo(good);
    }

    @Test
    void nanLossNamesTheLastGoodCheckpoint() throws Exception {
        Path checkpoint = dir.resolve("nan.ckpt");
        ToyTrainingBackendProvider.nanFromCall = 7;
        try {
            assertThatThrownBy(() -> trainer(config).train(start, paintings, photos, checkpoint, false))
                    .isInstanceOf(TrainingStoppedException.class)
                    .hasMessageContaining("training stopped at step 7: the loss became NaN")
                    .hasMessageContaining("the last good checkpoint, of step 4, is kept at " + checkpoint);
        } finally {
            ToyTrainingBackendProvider.nanFromCall = 0;
        }
        Model kept = Checkpoint.model(checkpoint);
        Model fourSteps = trainer(config.withSteps(4)).train(start, paintings, photos, dir.resolve("4.ckpt"), false);
        assertSameParameters(kept, fourSteps);
    }

    @Test
    void checkpointsOnlyResumeTheirOwnRun() throws Exception {
        Path checkpoint = dir.resolve("sub/folder/run.ckpt"); // folders are created
        trainer(config.withSteps(2)).train(start, paintings, photos, checkpoint, false);
        assertThatThrownBy(() -> trainer(config).train(start, paintings, photos, checkpoint, false))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("exists; resume from it");
        Trainer otherVgg = new Trainer(config, TrainingFixtures.tinyVgg(Pooling.AVERAGE, 2),
                LoadOptions.defaults().withBackend("toy"));
        assertThatThrownBy(() -> otherVgg.train(start, paintings, photos, checkpoint, true))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("loss network");
    }

    @Test
    void sampleSheetsShowTheTrainedStyles() throws Exception {
        List<Path> sheets = new ArrayList<>();
        trainer(config.withSteps(4).withSampleEvery(2)).sampleInto(dir.resolve("samples"))
                .addListener(new TrainingListener() {
                    @Override
                    public void onSample(long step, Path sheet) {
                        sheets.add(sheet);
                    }
                }).train(start, paintings, photos, dir.resolve("s.ckpt"), false);
        assertThat(sheets).extracting(p -> p.getFileName().toString())
                .containsExactly("step-0000002.png", "step-0000004.png");
        BufferedImage sheet = javax.imageio.ImageIO.read(sheets.get(1).toFile());
        assertThat(sheet.getWidth()).isEqualTo(4 * 40); // the photo and its 3 styles, in one row
    }

    private static void assertSameParameters(Model actual, Model expected) {
        for (int layer = 0; layer < expected.spec().convolutions().size(); layer++) {
            assertThat(actual.weight(layer)).as("weights of layer %d", layer).isEqualTo(expected.weight(layer));
            assertThat(actual.cin().layers().get(layer).gammaTable()).isEqualTo(
                    expected.cin().layers().get(layer).gammaTable());
            assertThat(actual.cin().layers().get(layer).betaTable()).isEqualTo(
                    expected.cin().layers().get(layer).betaTable());
        }
    }
}
