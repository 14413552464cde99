package io.pastiche.cli;

import io.pastiche.Device;
import io.pastiche.Style;
import io.pastiche.model.Model;
import io.pastiche.train.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import picocli.CommandLine.Option;

/**
 * Where a training run writes besides its model (checkpoint, samples), whether it continues an earlier run, and
 * how it runs. Shared by {@code train} and {@code add-style}.
 */
final class RunOptions {

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "The run's checkpoint, written every --checkpoint-every steps, at the end and on Ctrl-C. "
                    + "Default: the output's name with .ckpt (styles.safetensors: styles.ckpt).")
    Path checkpoint;

    @Option(names = "--resume",
            description = "Continue the run the checkpoint holds, from its step, onto the same result as a run "
                    + "never stopped; give the same options (--steps may grow). Without it, an existing "
                    + "checkpoint is an error.")
    boolean resume;

    @Option(names = "--samples", paramLabel = "FOLDER",
            description = "Where sample sheets go (the first photo, then it in every style trained). Default: the "
                    + "output's name with .samples (styles.safetensors: styles.samples/).")
    Path samples;

    @Option(names = "--force", description = "Replace the output model if it exists.")
    boolean force;

    @Option(names = "--f16",
            description = "Write the model in half precision: half the size, indistinguishable pastiches. "
                    + "Default: float32.")
    boolean f16;

    @Option(names = "--backend", paramLabel = "NAME",
            description = "The engine to train on, for example djl. Default: the PASTICHE_BACKEND environment "
                    + "variable, else the best one available.")
    String backend;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "auto",
            converter = EngineOptions.DeviceConverter.class,
            description = "cpu, gpu or auto: where the engine trains (see 'pastiche stylize --help'). Default: auto.")
    Device device = Device.AUTO;

    @Option(names = "--no-progress",
            description = "No progress bar: a line per checkpoint instead (for logs).")
    boolean noProgress;

    /** The files of a run: the model it writes, its checkpoint, its sample sheets' folder. */
    record RunFiles(Path output, Path checkpoint, Path samples) {
    }

    /**
     * The run's files, checked before anything is read: the output is not a folder and exists only with
     * {@code --force}; the checkpoint exists if and only if {@code --resume}.
     */
    RunFiles files(Path output) throws IOException {
        OutputFile.checkReplaceable(output, "-o", "model file", force);
        String stem = FileNames.stem(output);
        Path checkpointFile = checkpoint != null ? checkpoint : output.resolveSibling(stem + ".ckpt");
        Path sampleFolder = samples != null ? samples : output.resolveSibling(stem + ".samples");
        if (same(checkpointFile, output)) {
            throw new CliException("--checkpoint and -o name the same file, " + output + "; give them different "
                    + "names");
        }
        if (Files.isDirectory(checkpointFile)) {
            throw new CliException("--checkpoint " + checkpointFile + " is a folder; name the checkpoint file");
        }
        boolean exists = Files.exists(checkpointFile);
        if (exists && !resume) {
            throw new CliException(checkpointFile + " exists: the checkpoint of an earlier run. Continue that run "
                    + "with --resume, or start over after deleting it (or with another --checkpoint)");
        }
        if (!exists && resume) {
            throw new CliException("--resume: there is no checkpoint " + checkpointFile + " to continue (the "
                    + "checkpoint is named after -o unless --checkpoint names it)");
        }
        if (Files.exists(sampleFolder) && !Files.isDirectory(sampleFolder)) {
            throw new CliException("--samples " + sampleFolder + " is a file; name a folder for the sample sheets");
        }
        return new RunFiles(output, checkpointFile, sampleFolder);
    }

    /**
     * With {@code --resume}: checks that the checkpoint is one of this run, training the same network and styles,
     * before photos are read. The trainer checks again, and also that the trajectory settings match.
     *
     * @param start the run's starting model (its values do not matter, only its network and styles)
     * @param how   what the user gives to make the network the same, for the message
     * @throws io.pastiche.ModelFormatException if the file is not a pastiche checkpoint
     * @throws CliException                     if it is another run's
     */
    static void checkResumable(Path checkpoint, Model start, String how) throws IOException {
        Model saved = Checkpoint.model(checkpoint);
        String other = checkpoint + " is the checkpoint of another run: ";
        if (!saved.spec().equals(start.spec())) {
            throw new CliException(other + "its network (alpha " + saved.alpha() + ") differs from this run's "
                    + "(alpha " + start.alpha() + "); give the same " + how + ", or start a new run");
        }
        List<String> savedNames = saved.styles().stream().map(Style::name).toList();
        List<String> names = start.styles().stream().map(Style::name).toList();
        if (!savedNames.equals(names)) {
            throw new CliException(other + "its styles are " + String.join(", ", savedNames) + "; this run's are "
                    + String.join(", ", names) + ". Give the same paintings and --names, or start a new run");
        }
        for (int i = 0; i < names.size(); i++) {
            Style was = saved.styles().get(i);
            Style now = start.styles().get(i);
            if (!Objects.equals(was.painter(), now.painter()) || !Objects.equals(was.source(), now.source())) {
                throw new CliException(other + "style " + now.name() + " has painter '" + was.painter()
                        + "' and source '" + was.source() + "' there, '" + now.painter() + "' and '" + now.source()
                        + "' here; give the same --style-info");
            }
        }
    }

    private static boolean same(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
}
