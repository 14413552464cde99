package io.pastiche.train;

import io.pastiche.LoadOptions;
import io.pastiche.Style;
import io.pastiche.image.ImageTensors;
import io.pastiche.image.Resize;
import io.pastiche.lossnet.LossNetwork;
import io.pastiche.model.Model;
import io.pastiche.model.StyleNames;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.spi.Backend;
import io.pastiche.spi.Backends;
import io.pastiche.spi.LossGradients;
import io.pastiche.spi.TrainingGraph;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Trains style networks: a new network for N paintings ({@link #train}), or new paintings added to an existing
 * network by training only their gamma/beta ({@link #addStyles}). The backend computes losses and gradients; the
 * trainer owns the parameters and Adam, writes checkpoints atomically every {@link TrainingConfig#checkpointEvery}
 * steps, and resumes from one onto exactly the trajectory of an uninterrupted run.
 *
 * <p>One run at a time per trainer. {@link #requestStop()} (for example from a Ctrl-C hook) ends the run after
 * the current step with a checkpoint.
 */
public final class Trainer {

    private final TrainingConfig config;
    private final LossNetwork lossNetwork;
    private final LoadOptions options;
    private final List<TrainingListener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean stopRequested;
    private Path sampleFolder;

    /**
     * A trainer; nothing is opened until a run starts.
     *
     * @param config      the run's settings: steps, batch, crop, learning rate, loss weights, seed
     * @param lossNetwork the network whose features the losses compare (VGG)
     * @param options     which backend trains (it must support training), and on which device
     */
    public Trainer(TrainingConfig config, LossNetwork lossNetwork, LoadOptions options) {
        this.config = config;
        this.lossNetwork = lossNetwork;
        this.options = options;
    }

    /**
     * Adds a listener to the runs of this trainer; it is called on the training thread.
     *
     * @param listener hears every step, checkpoint and sample sheet
     * @return this trainer
     */
    public Trainer addListener(TrainingListener listener) {
        listeners.add(listener);
        return this;
    }

    /**
     * Writes sample sheets into this folder every {@link TrainingConfig#sampleEvery} steps: the first photo in
     * every trained style, as {@code step-NNNNNNN.png}.
     *
     * @param folder where the sheets go; null for none (the default)
     * @return this trainer
     */
    public Trainer sampleInto(Path folder) {
        this.sampleFolder = folder;
        return this;
    }

    /** Ends the current run after the step in progress, with a checkpoint. Safe from any thread. */
    public void requestStop() {
        stopRequested = true;
    }

    /**
     * Trains every parameter of {@code start} (for example {@link Model#untrained}): style {@code i} learns
     * from {@code styleImages.get(i)}.
     *
     * @param start       the network to train, with its styles' names
     * @param styleImages one painting per style of {@code start}, index i at position i
     * @param photos      the content photos, at least one; crops of them make the batches
     * @param checkpoint  where checkpoints go; if the file exists and {@code resume} is true the run continues
     *                    from it, if it exists and {@code resume} is false that is an error
     * @param resume      whether an existing checkpoint is continued
     * @return the trained model (also when stopped early by {@link #requestStop()})
     * @throws IOException                 if a checkpoint or sample sheet cannot be read or written
     * @throws CheckpointException         if the checkpoint exists and {@code resume} is false, or it belongs to
     *                                     a run with another network, other styles or other settings
     * @throws io.pastiche.ModelFormatException if the checkpoint to resume from is damaged or not a checkpoint
     * @throws io.pastiche.BackendException    if the backend cannot be opened or cannot train
     * @throws TrainingStoppedException    if the loss became NaN or exploded; the last checkpoint is kept
     * @throws IllegalArgumentException    if a style name breaks {@link StyleNames}' rule, the number of style
     *                                     images is not the number of styles, or there are no photos (before any
     *                                     step runs)
     */
    public Model train(Model start, List<BufferedImage> styleImages, List<BufferedImage> photos, Path checkpoint,
                       boolean resume) throws IOException {
        return run(start, 0, styleImages, photos, checkpoint, resume);
    }

    /**
     * Adds new styles to a trained network, training only their gamma/beta rows (initialised to 1 and 0); every
     * convolution and every existing style stays bit-identical.
     *
     * @param base        the trained network; not changed
     * @param newStyles   names (and painters, sources) of the styles added; their indices are ignored
     * @param styleImages one painting per new style
     * @param photos      the content photos, at least one; crops of them make the batches
     * @param checkpoint  where checkpoints go; as for {@link #train}
     * @param resume      whether an existing checkpoint is continued
     * @return {@code base} with the new styles after its own, trained (also when stopped early)
     * @throws IOException                 if a checkpoint or sample sheet cannot be read or written
     * @throws CheckpointException         if the checkpoint exists and {@code resume} is false, or it belongs to
     *                                     a run with another network, other styles or other settings
     * @throws io.pastiche.ModelFormatException if the checkpoint to resume from is damaged or not a checkpoint
     * @throws io.pastiche.BackendException    if the backend cannot be opened or cannot train
     * @throws TrainingStoppedException    if the loss became NaN or exploded; the last checkpoint is kept
     * @throws IllegalArgumentException    if there are no new styles, a style name is invalid or taken, the
     *                                     number of style images is not the number of new styles, or there are no
     *                                     photos
     */
    public Model addStyles(Model base, List<Style> newStyles, List<BufferedImage> styleImages,
                           List<BufferedImage> photos, Path checkpoint, boolean resume) throws IOException {
        int first = base.styles().size();
        List<Style> styles = new ArrayList<>(base.styles());
        for (Style style : newStyles) {
            styles.add(new Style(styles.size(), style.name(), style.painter(), style.source()));
        }
        Model grown = new Model(base.spec(), base.alpha(), base.weights(),
                base.cin().withIdentityStyles(newStyles.size()), styles);
        return run(grown, first, styleImages, photos, checkpoint, resume);
    }

    private Model run(Model start, int firstTrained, List<BufferedImage> styleImages, List<BufferedImage> photos,
                      Path checkpoint, boolean resume) throws IOException {
        // Checked now, not when the first checkpoint is written: checkpoints and models refuse such names.
        start.styles().forEach(style -> StyleNames.check(style.name()));
        int trained = start.styles().size() - firstTrained;
        if (styleImages.size() != trained) {
            throw new IllegalArgumentException(trained + " styles train but " + styleImages.size()
                    + " style images were given");
        }
        TrainingState state = startingState(start, firstTrained, checkpoint, resume);
        stopRequested = false;
        try (Backend backend = Backends.discover().choose(options.backend()).open(options.device());
             TrainingGraph graph = backend.compileTraining(start.spec(), lossNetwork, config.loss())) {
            List<List<float[]>> targets = new ArrayList<>();
            for (BufferedImage image : styleImages) {
                BufferedImage scaled = config.styleImageSize() > 0
                        ? Resize.toFit(image, config.styleImageSize()) : image;
                targets.add(graph.styleGrams(ImageTensors.toTensor(List.of(scaled))));
            }
            Batches batches = new Batches(photos, config.cropSize(), firstTrained, start.styles().size(),
                    config.seed());
            SampleSheet samples = sampleFolder == null || config.sampleEvery() == 0 ? null
                    : new SampleSheet(photos.get(0), sampleFolder);
            loop(state, graph, backend, batches, targets, samples, checkpoint);
        }
        return state.toModel();
    }

    private TrainingState startingState(Model start, int firstTrained, Path checkpoint, boolean resume)
            throws IOException {
        if (Files.exists(checkpoint)) {
            if (!resume) {
                throw new CheckpointException(checkpoint + " exists; resume from it, or name another file");
            }
            TrainingState state = Checkpoint.read(checkpoint, trajectory());
            if (!state.template.spec().equals(start.spec()) || state.firstTrainedStyle != firstTrained
                    || !state.template.styles().equals(start.styles())) {
                throw new CheckpointException(checkpoint + " belongs to another run: its network, styles or "
                        + "trained styles differ from this one's");
            }
            return state;
        }
        return new TrainingState(start, firstTrained);
    }

    private void loop(TrainingState state, TrainingGraph graph, Backend backend, Batches batches,
                      List<List<float[]>> targets, SampleSheet samples, Path checkpoint) throws IOException {
        long firstStep = state.step;
        long lastCheckpoint = state.step;
        long started = System.nanoTime();
        double firstLoss = Double.NaN;
        while (state.step < config.steps() && !stopRequested) {
            long step = state.step + 1;
            Batches.Batch batch = batches.at(step, config.batchSize());
            List<StyleEmbedding> embeddings = new ArrayList<>();
            List<List<float[]>> batchTargets = new ArrayList<>();
            for (int style : batch.styles()) {
                embeddings.add(state.embedding(style));
                batchTargets.add(targets.get(style - state.firstTrainedStyle));
            }
            LossGradients result = graph.lossAndGradients(state.weightValues(), batch.content(), embeddings,
                    batchTargets, state.trainsWeights());
            if (Double.isNaN(firstLoss)) {
                firstLoss = result.terms().total();
            }
            Guard.check(result, step, firstLoss, config.explosionFactor(), checkpoint, lastCheckpoint);
            update(state, result, batch.styles(), step);
            state.step = step;
            double seconds = (System.nanoTime() - started) / 1e9;
            double stepsPerSecond = (step - firstStep) / seconds;
            TrainingProgress progress = new TrainingProgress(step, config.steps(), result.terms(),
                    stepsPerSecond * config.batchSize(),
                    Duration.ofMillis((long) ((config.steps() - step) / stepsPerSecond * 1000)));
            listeners.forEach(l -> l.onStep(progress));
            if (step % config.checkpointEvery() == 0) {
                lastCheckpoint = writeCheckpoint(state, checkpoint);
            }
            if (samples != null && step % config.sampleEvery() == 0) {
                Path sheet = samples.write(backend, state, step);
                listeners.forEach(l -> l.onSample(step, sheet));
            }
        }
        if (state.step != lastCheckpoint) {
            writeCheckpoint(state, checkpoint);
        }
    }

    /**
     * What decides the trajectory: the config's settings and the loss network (architecture, pooling,
     * normalisation and a checksum of its weights). A checkpoint resumes only a run where these are equal.
     */
    private String trajectory() {
        return config.trajectory() + " lossNetwork=" + lossNetwork.spec().name() + "/" + lossNetwork.pooling()
                + "/" + Arrays.toString(lossNetwork.normalization().mean()) + "/"
                + Integer.toHexString(lossNetwork.weightsChecksum());
    }

    private long writeCheckpoint(TrainingState state, Path checkpoint) throws IOException {
        Path folder = checkpoint.toAbsolutePath().getParent();
        if (folder != null) {
            Files.createDirectories(folder);
        }
        Checkpoint.write(state, trajectory(), checkpoint);
        listeners.forEach(l -> l.onCheckpoint(state.step, checkpoint));
        return state.step;
    }

    /** Adam on every trained tensor; the gamma/beta gradients of each photo go to the row of its style. */
    private void update(TrainingState state, LossGradients result, int[] styles, long step) {
        if (state.trainsWeights()) {
            for (int i = 0; i < state.weights.size(); i++) {
                state.weights.get(i).update(result.weightGradients().get(i), step, config.learningRate());
            }
        }
        for (int layer = 0; layer < state.gammas.size(); layer++) {
            Parameter gamma = state.gammas.get(layer);
            Parameter beta = state.betas.get(layer);
            int channels = (int) gamma.shape[1];
            float[] gammaGrad = new float[gamma.values.length];
            float[] betaGrad = new float[beta.values.length];
            for (int b = 0; b < styles.length; b++) {
                float[] g = result.styleGradients().get(b).gamma(layer);
                float[] d = result.styleGradients().get(b).beta(layer);
                for (int c = 0; c < channels; c++) {
                    gammaGrad[styles[b] * channels + c] += g[c];
                    betaGrad[styles[b] * channels + c] += d[c];
                }
            }
            gamma.update(gammaGrad, step, config.learningRate());
            beta.update(betaGrad, step, config.learningRate());
        }
    }
}
