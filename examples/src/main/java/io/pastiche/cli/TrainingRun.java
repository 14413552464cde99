package io.pastiche.cli;

import io.pastiche.ImageFormatException;
import io.pastiche.LoadOptions;
import io.pastiche.Printable;
import io.pastiche.image.ImageFiles;
import io.pastiche.lossnet.LossNetwork;
import io.pastiche.model.DType;
import io.pastiche.model.Model;
import io.pastiche.model.ModelFile;
import io.pastiche.train.Trainer;
import io.pastiche.train.TrainingConfig;
import io.pastiche.train.TrainingListener;
import io.pastiche.train.TrainingProgress;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import picocli.CommandLine;

/**
 * One training run of {@code train} or {@code add-style}, once its inputs are read: the trainer with a progress
 * bar and a Ctrl-C hook, then the model written, or where the run stopped.
 *
 * <p>Exit codes: 0 when the model is written; 130 (as for any program stopped by Ctrl-C) when stopped early, with
 * a checkpoint to resume from; 1 for failures, among them a loss that became NaN or exploded (the trainer's
 * message says which step and which checkpoint is kept).
 */
final class TrainingRun {

    /** The exit code of a run stopped by Ctrl-C: 128 + SIGINT, what the shell reports for it anyway. */
    static final int STOPPED = 130;

    /** What the command trains: {@link Trainer#train} or {@link Trainer#addStyles} with its inputs. */
    interface Body {
        Model train(Trainer trainer) throws IOException;
    }

    private final CommandLine commandLine;
    private final boolean verbose;
    private final RunOptions options;
    private final Function<StopOnInterrupt, TrainingListener> extraListener;

    /** @param extraListener given the run's Ctrl-C hook, a listener to add (tests), or null */
    TrainingRun(CommandLine commandLine, boolean verbose, RunOptions options,
                Function<StopOnInterrupt, TrainingListener> extraListener) {
        this.commandLine = commandLine;
        this.verbose = verbose;
        this.options = options;
        this.extraListener = extraListener;
    }

    /**
     * Trains, then writes the model to {@code files.output()} (or, if stopped, says where and how to resume).
     *
     * @return the exit code: 0, or {@link #STOPPED}
     */
    int run(TrainingConfig config, LossNetwork lossNetwork, String backend, RunOptions.RunFiles files, Body body)
            throws IOException {
        Path folder = files.checkpoint().toAbsolutePath().getParent();
        if (folder != null) {
            Files.createDirectories(folder); // the trainer writes the checkpoint into an existing folder
        }
        String removed = Leftovers.describe(Leftovers.remove(List.of(folder,
                files.output().toAbsolutePath().getParent(), files.samples())));
        if (verbose && removed != null) {
            commandLine.getErr().println(Printable.escapedKeepingLines(removed));
        }
        Trainer trainer = new Trainer(config, lossNetwork, LoadOptions.defaults().withBackend(backend)
                .withDevice(options.device));
        if (config.sampleEvery() > 0) {
            trainer.sampleInto(files.samples());
        }
        PrintWriter err = commandLine.getErr();
        // A bar only on a terminal; in a log file, a line per checkpoint as with --no-progress.
        try (Steps steps = new Steps(err, !options.noProgress && Terminal.stderr());
             StopOnInterrupt stop = new StopOnInterrupt(trainer::requestStop, steps::report, StopOnInterrupt.WAIT)) {
            trainer.addListener(steps);
            TrainingListener extra = extraListener == null ? null : extraListener.apply(stop);
            if (extra != null) {
                trainer.addListener(extra);
            }
            stop.install();
            Model model = train(trainer, body);
            steps.close();
            if (stop.requested() && steps.last < config.steps()) {
                stopped(steps.last, files.checkpoint(), config.steps());
                return STOPPED;
            }
            write(model, files, steps.last);
            return 0;
        }
    }

    private Model train(Trainer trainer, Body body) throws IOException {
        try {
            return body.train(trainer);
        } catch (OutOfMemoryError e) {
            throw outOfMemory(e);
        }
    }

    private void stopped(long step, Path checkpoint, int steps) {
        PrintWriter err = commandLine.getErr();
        if (step < 0) {
            err.println(Files.exists(checkpoint)
                    ? "stopped before the first step; " + checkpoint + " is unchanged: continue with --resume"
                    : "stopped before the first step; nothing was written");
        } else {
            err.println("stopped at step " + step + " of " + steps + "; resume with --resume (and the same "
                    + "options): the checkpoint is " + checkpoint);
        }
        err.flush();
    }

    private void write(Model model, RunOptions.RunFiles files, long step) throws IOException {
        Path output = files.output();
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        DType dtype = options.f16 ? DType.F16 : DType.F32;
        ModelFile.write(model, output, dtype);
        PrintWriter out = commandLine.getOut();
        int n = model.styles().size();
        out.printf(Locale.ROOT, "wrote %s: %d style%s (%s), alpha %s, %s%s.%n", output, n, n == 1 ? "" : "s",
                Printable.escaped(String.join(", ", model.styles().stream().map(s -> s.name()).toList())), model.alpha(),
                step < 0 ? "from the checkpoint (no step to do)" : "trained to step " + step,
                dtype == DType.F16 ? ", half precision" : "");
        out.println("The checkpoint " + files.checkpoint() + " can continue the run (--resume with more --steps); "
                + "delete it when done.");
        out.flush();
    }

    /**
     * Reads every image once, before training starts; any that cannot be read are all named together.
     *
     * @param what    "paintings" or "photos", for the message
     * @param prepare applied to each image as it is read (photos are scaled down at once, to keep memory low)
     */
    static List<BufferedImage> readAll(List<Path> files, String what, UnaryOperator<BufferedImage> prepare)
            throws IOException {
        List<BufferedImage> images = new ArrayList<>(files.size());
        List<String> failures = new ArrayList<>();
        for (Path file : files) {
            try {
                images.add(prepare.apply(ImageFiles.read(file)));
            } catch (IOException | UncheckedIOException | ImageFormatException e) {
                String message = ErrorHandler.describe(e);
                failures.add(message.contains(file.toString()) ? message : file + ": " + message);
            } catch (OutOfMemoryError e) {
                throw outOfMemory(e);
            }
        }
        if (!failures.isEmpty()) {
            int shown = Math.min(failures.size(), 10);
            StringBuilder message = new StringBuilder(failures.size() == 1 && files.size() == 1
                    ? "cannot read the " + singular(what) + " " + files.get(0)
                    : failures.size() + " of the " + files.size() + " " + what + " cannot be read; fix or remove "
                    + (failures.size() == 1 ? "it" : "them") + ":");
            for (int i = 0; i < shown; i++) {
                message.append("\n  ").append(failures.get(i));
            }
            if (failures.size() > shown) {
                message.append("\n  and ").append(failures.size() - shown).append(" more");
            }
            throw new CliException(message.toString());
        }
        return images;
    }

    private static String singular(String what) {
        return what.endsWith("s") ? what.substring(0, what.length() - 1) : what;
    }

    private static CliException outOfMemory(OutOfMemoryError e) {
        return new CliException("out of memory: lower --batch or --crop, train on fewer or smaller photos, or "
                + "give Java more memory (PASTICHE_OPTS=-Xmx8g ./pastiche ...)", e);
    }

    /**
     * The progress of the steps: a bar (steps, loss, images per second, time left) once the first step is done,
     * or without a bar a line per checkpoint. Checkpoints and sample sheets get a line of their own with
     * {@code --verbose}.
     */
    private final class Steps implements TrainingListener, AutoCloseable {

        private final PrintWriter err;
        private final boolean bar;
        private volatile Progress progress;
        private volatile TrainingProgress latest;
        /** The last step done in this sitting, or -1. */
        private volatile long last = -1;
        /** Sums of the loss and its content term since the last line, whose means the line shows. */
        private double totalSum;
        private double contentSum;
        private int summed;

        Steps(PrintWriter err, boolean bar) {
            this.err = err;
            this.bar = bar;
        }

        @Override
        public void onStep(TrainingProgress step) {
            latest = step;
            last = step.step();
            synchronized (this) {
                totalSum += step.loss().total();
                contentSum += step.loss().content();
                summed++;
            }
            if (!bar) {
                return;
            }
            if (progress == null) {
                progress = Progress.steps("Training", step.steps(), step.step() - 1, err);
            }
            progress.update(step.step(), describe(step), step.remaining());
        }

        @Override
        public void onCheckpoint(long step, Path checkpoint) {
            last = Math.max(last, step);
            TrainingProgress at = latest;
            if (!bar && at != null) {
                report("step " + at.step() + "/" + at.steps() + ": " + describeMeans(at) + ", "
                        + duration(at.remaining().toSeconds()) + " left; checkpoint " + checkpoint);
            } else if (verbose) {
                report("step " + step + ": checkpoint " + checkpoint);
            }
        }

        @Override
        public void onSample(long step, Path sheet) {
            if (verbose || !bar) {
                report("step " + step + ": samples " + sheet);
            }
        }

        /** A line above the bar, from any thread. */
        void report(String line) {
            Progress current = progress;
            if (current != null) {
                current.report(line);
            } else {
                synchronized (err) {
                    err.println(Printable.escapedKeepingLines(line));
                    err.flush();
                }
            }
        }

        @Override
        public void close() {
            Progress current = progress;
            progress = null;
            if (current != null) {
                current.close();
            }
        }

        /** The mean loss and content loss since the last line: one step's loss depends on the styles it drew. */
        private synchronized String describeMeans(TrainingProgress step) {
            String text = String.format(Locale.ROOT, "mean loss %.4g (content loss %.4g) over %d steps, %.1f img/s",
                    totalSum / summed, contentSum / summed, summed, step.imagesPerSecond());
            totalSum = 0;
            contentSum = 0;
            summed = 0;
            return text;
        }

        private String describe(TrainingProgress step) {
            return String.format(Locale.ROOT, "loss %.4g, %.1f img/s", step.loss().total(), step.imagesPerSecond());
        }
    }

    /** 1:02:03, 2:03. */
    static String duration(long seconds) {
        long h = seconds / 3600;
        long m = seconds / 60 % 60;
        long s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s)
                : String.format(Locale.ROOT, "%d:%02d", m, s);
    }
}
