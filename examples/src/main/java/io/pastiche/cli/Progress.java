package io.pastiche.cli;

import io.pastiche.Printable;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress on stderr: on a terminal, a bar (me.tongfei progressbar) redrawn in place, with messages printed on
 * their own lines above it; elsewhere (a log file, a pipe) plain lines, one per item done; or just the messages.
 * Messages and bar go through the command's err writer, so that tests can capture both and the two never
 * interleave mid-line. Every line is made {@link Printable}: messages carry file and style names.
 */
abstract class Progress implements AutoCloseable {

    /** Prints a line on stderr (above the bar, if there is one). */
    abstract void report(String line);

    /** One item done. */
    abstract void step();

    /**
     * One item done, described: a line of its own where there is no bar, else the description only if
     * {@code verbose}.
     */
    void done(String description, boolean verbose) {
        if (verbose) {
            report(description);
        }
        step();
    }

    /**
     * Moves the bar to {@code current} items done, with a message after it and the time left as the caller
     * estimates it (a bar made by {@link #steps}); nothing without a bar.
     */
    void update(long current, String message, Duration remaining) {
    }

    /** Items done so far; 0 where nothing counts them. */
    int count() {
        return 0;
    }

    /**
     * Moves the bar within the item after the first {@code before}, to {@code fraction} of it: a large picture
     * takes minutes. Nothing without a bar.
     */
    void partly(int before, double fraction) {
    }

    @Override
    public abstract void close();

    /** No bar: messages only. */
    static Progress none(PrintWriter err) {
        return new Progress() {
            @Override
            void report(String line) {
                err.println(Printable.escapedKeepingLines(line));
                err.flush();
            }

            @Override
            void step() {
            }

            @Override
            public void close() {
            }
        };
    }

    /** A bar of {@code total} steps on a terminal, else a line per item {@link #done}. */
    static Progress bar(String task, int total, PrintWriter err) {
        return Terminal.stderr() ? new Bar(task, total, 0, false, ITEM_STEPS, err) : lines(task, total, err);
    }

    /** Steps of the bar per item, so that it moves within an item ({@link #partly}). */
    private static final int ITEM_STEPS = 1000;

    /** {@code Stylizing 2/5: a.jpg -> out/a_the_scream.png}, a line per item {@link #done}: for log files. */
    static Progress lines(String task, int total, PrintWriter err) {
        return new Progress() {
            private int count;

            @Override
            void report(String line) {
                err.println(Printable.escapedKeepingLines(line));
                err.flush();
            }

            @Override
            void step() {
                count++;
            }

            @Override
            int count() {
                return count;
            }

            @Override
            void done(String description, boolean verbose) {
                step();
                report(task + " " + count + "/" + total + ": " + description);
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * A bar of {@code total} steps of which {@code done} were done before it started (a resumed run), whose time
     * left is the one {@link #update} gives rather than the bar's own estimate.
     */
    static Progress steps(String task, long total, long done, PrintWriter err) {
        return new Bar(task, total, done, true, 1, err);
    }

    private static final class Bar extends Progress {

        private final PrintWriter err;
        private final Object lock = new Object();
        private final ProgressBar bar;
        /** Bar steps per item counted. */
        private final int scale;
        private int count;
        private int drawn;
        private volatile Duration remaining;

        Bar(String task, long total, long done, boolean givenEta, int scale, PrintWriter err) {
            this.err = err;
            this.scale = scale;
            // One column short of the terminal, so the bar never wraps; the library asks jline for the width and
            // falls back to 80 when stderr is not a terminal.
            int width = Math.max(40, terminalWidth() - 1);
            ProgressBarBuilder builder = new ProgressBarBuilder()
                    .setTaskName(task)
                    .setInitialMax(total * scale)
                    .setUnit("", scale)
                    .setUpdateIntervalMillis(250)
                    // Plain ASCII when there is no console (log files, CI), block characters on a terminal.
                    .setStyle(System.console() == null ? ProgressBarStyle.ASCII : ProgressBarStyle.UNICODE_BLOCK)
                    .setConsumer(new DelegatingProgressBarConsumer(this::draw, width));
            if (done > 0) {
                builder.startsFrom(done * scale, Duration.ZERO);
            }
            if (givenEta) {
                builder.setEtaFunction(state -> Optional.ofNullable(remaining));
            }
            this.bar = builder.build();
        }

        private static int terminalWidth() {
            try {
                return new DelegatingProgressBarConsumer(s -> { }).getMaxRenderedLength();
            } catch (RuntimeException | LinkageError e) {
                return 80;
            }
        }

        private void draw(String rendered) {
            synchronized (lock) {
                err.print('\r' + rendered);
                err.flush();
                drawn = rendered.length();
            }
        }

        @Override
        void report(String text) {
            String line = Printable.escapedKeepingLines(text);
            synchronized (lock) {
                // Overwrite the bar with the message (padded to cover it), end the line; the bar redraws below.
                err.print('\r' + line + " ".repeat(Math.max(0, drawn - line.length())) + System.lineSeparator());
                err.flush();
                drawn = 0;
            }
            bar.refresh();
        }

        @Override
        void step() {
            count++;
            bar.stepTo((long) count * scale);
        }

        @Override
        int count() {
            return count;
        }

        @Override
        void partly(int before, double fraction) {
            bar.stepTo((long) before * scale + Math.round(Math.min(1, Math.max(0, fraction)) * scale));
        }

        @Override
        void update(long current, String message, Duration remaining) {
            this.remaining = remaining;
            bar.setExtraMessage(message);
            bar.stepTo(current);
        }

        @Override
        public void close() {
            bar.close();
            synchronized (lock) {
                err.println();
                err.flush();
            }
        }
    }
}
