package io.pastiche.cli;

import io.pastiche.Printable;
import io.pastiche.Style;
import io.pastiche.StyleMask;
import io.pastiche.StyleMix;
import io.pastiche.image.ImageFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --mask FILE --region COLOUR=STYLES ... [--feather PIXELS]}: a style per region of a label image
 * ({@link StyleMask#ofLabels}). The label image is fitted to each picture: resized (nearest pixel) when its aspect
 * ratio is the picture's within 1 %, refused otherwise, so that regions never land beside what they were drawn on.
 */
final class MaskOptions {

    @Option(names = "--mask", paramLabel = "FILE",
            description = {"A label image (PNG, BMP, or JPEG at your risk: its edges blur into new colours): each "
                    + "flat colour a region, painted in the style its --region names. Resized to each picture "
                    + "(nearest pixel) if its aspect ratio is the picture's."})
    Path file;

    @Option(names = "--region", paramLabel = "#RRGGBB=STYLES", converter = Region.Converter.class,
            description = {"With --mask, once per colour of the label image: the colour and its style or mix, "
                    + "for example '#ff0000=starry_night' or '#0000ff=the_scream=0.6,great_wave=0.4'. "
                    + "Weights are used as given unless --normalize (then per pixel)."})
    List<Region> regions = new ArrayList<>();

    @Option(names = "--feather", paramLabel = "PIXELS",
            description = "With --mask: soften the borders between regions over about PIXELS pixels of the "
                    + "picture, so the styles blend into each other. Default: 0 (hard borders).")
    int feather;

    /** A problem with how the options are combined, or null: checked before anything is read. */
    String usageProblem() {
        if (file == null) {
            return !regions.isEmpty() ? "--region applies only with --mask"
                    : feather != 0 ? "--feather applies only with --mask" : null;
        }
        if (regions.isEmpty()) {
            return "--mask needs a --region for each colour of the label image, for example " + Region.EXAMPLE;
        }
        if (feather < 0) {
            return "--feather must be at least 0, was " + feather;
        }
        List<Integer> seen = new ArrayList<>();
        for (Region region : regions) {
            if (seen.contains(region.colour())) {
                return "--region names the colour " + region.hex() + " twice";
            }
            seen.add(region.colour());
        }
        return null;
    }

    /**
     * The mask as drawn: the label image read and every region's styles resolved.
     *
     * @throws io.pastiche.UnknownStyleException naming the model's styles
     * @throws CliException if the label image's colours and the regions do not match
     */
    Choice resolve(List<Style> styles, boolean normalize, String model) throws IOException {
        Map<Integer, StyleMix> byColour = new LinkedHashMap<>();
        for (Region region : regions) {
            Map<Integer, Double> weights = new LinkedHashMap<>();
            for (MixTerm term : region.mix().terms()) {
                Style style = StyleOptions.find(term.style(), styles, model);
                if (weights.put(style.index(), term.weight()) != null) {
                    throw new CliException("--region " + region.hex() + " names style " + style.index() + " ("
                            + Printable.escaped(style.name()) + ") twice");
                }
            }
            byColour.put(region.colour(), StyleMix.of(weights));
        }
        BufferedImage labels = ImageFiles.read(file);
        StyleMask mask;
        try {
            mask = StyleMask.ofLabels(labels, byColour);
        } catch (IllegalArgumentException e) {
            throw new CliException(Printable.escaped(file.toString()) + ": " + e.getMessage());
        }
        return new Choice(normalize ? mask.normalized() : mask, file, feather);
    }

    /** A resolved mask, fitted to each picture on demand. */
    static final class Choice {

        private final StyleMask drawn;
        private final Path file;
        private final int feather;
        private StyleMask last;

        Choice(StyleMask drawn, Path file, int feather) {
            this.drawn = drawn;
            this.file = file;
            this.feather = feather;
        }

        /** A short label for output file names: the label image's name. */
        String label() {
            return "mask-" + FileNames.safe(FileNames.stem(file));
        }

        /**
         * The mask for a picture of this size, feathered at its scale; the last one is kept (a folder's photos
         * often share one size).
         *
         * @throws CliException if the aspect ratios differ
         */
        StyleMask fit(int width, int height) {
            if (last != null && last.width() == width && last.height() == height) {
                return last;
            }
            checkShape(width, height);
            last = drawn.resized(width, height).feathered(feather);
            return last;
        }

        /**
         * Refuses a picture whose shape is not the mask's: checked from the files' headers before the engine
         * starts, and again for each picture as decoded.
         *
         * @throws CliException naming both sizes
         */
        void checkShape(int width, int height) {
            if (!drawn.hasShapeOf(width, height)) {
                throw new CliException("the mask " + Printable.escaped(file.toString()) + " is " + drawn.width() + "x"
                        + drawn.height() + " and the picture " + width + "x" + height + ": their shapes differ, so "
                        + "its regions would not fall where they were drawn; draw the mask on the picture (any "
                        + "scale of it)");
            }
        }
    }
}
