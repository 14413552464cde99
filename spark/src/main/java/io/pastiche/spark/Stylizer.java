package io.pastiche.spark;

import io.pastiche.ImageFormatException;
import io.pastiche.Rendering;
import io.pastiche.StyleNetwork;
import io.pastiche.image.ImageFiles;
import io.pastiche.image.Resize;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Stylizes a DataFrame of images: a transformation from rows of {@code path} (string) and {@code content} (binary),
 * as Spark's {@code binaryFile} source gives them, to rows of {@link #OUTPUT}: the source, the style or mix used,
 * the plan's seed, the pastiche's size and encoded bytes, or the reason an image failed (unreadable, too small, too
 * large), which never fails the job. Immutable and serializable; the network is loaded once per executor JVM.
 *
 * <pre>{@code
 * Dataset<Row> photos = spark.read().format("binaryFile").load("hdfs:///photos");
 * Dataset<Row> pastiches = Stylizer.of(StylePlan.randomStyle(42)).withFormat("jpg").transform(photos);
 * }</pre>
 */
public final class Stylizer implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The output's columns. */
    public static final StructType OUTPUT = new StructType()
            .add("source", DataTypes.StringType, false)
            .add("style", DataTypes.StringType, true)
            .add("seed", DataTypes.LongType, true)
            .add("width", DataTypes.IntegerType, true)
            .add("height", DataTypes.IntegerType, true)
            .add("image", DataTypes.BinaryType, true)
            .add("error", DataTypes.StringType, true);

    /** The most pixels of an image decoded: 4096 x 4096 unless changed ({@link #withMaxPixels}). */
    public static final long DEFAULT_MAX_PIXELS = 4096L * 4096L;

    /** Which style each image gets. */
    private final StylePlan plan;
    /** The model every executor loads. */
    private final ModelSource model;
    /** The backend's name, or null for the best one. */
    private final String backend;
    /** {@code png} or {@code jpg}. */
    private final String format;
    /** The longest side images are scaled down to, or 0. */
    private final int maxSize;
    /** The most pixels of an image decoded. */
    private final long maxPixels;
    /** The rendering's strength (a {@link Rendering} is not serializable). */
    private final double strength;
    /** The rendering's colour preservation. */
    private final boolean preserveColours;
    /** The rendering's brush scale. */
    private final double brushScale;

    private Stylizer(StylePlan plan, ModelSource model, String backend, String format, int maxSize, long maxPixels,
                     Rendering rendering) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.model = model;
        this.backend = backend;
        this.format = format;
        this.maxSize = maxSize;
        this.maxPixels = maxPixels;
        this.strength = rendering.strength();
        this.preserveColours = rendering.preserveColours();
        this.brushScale = rendering.brushScale();
    }

    /**
     * A stylizer with the default model, the best backend of each executor, PNG output.
     *
     * @param plan which style each image gets
     * @return the stylizer
     */
    public static Stylizer of(StylePlan plan) {
        return new Stylizer(plan, ModelSource.defaultModel(), null, "png", 0, DEFAULT_MAX_PIXELS, Rendering.PLAIN);
    }

    /**
     * This stylizer with a model file, read now (on the driver) through the session's Hadoop file systems and
     * shipped to the executors.
     *
     * @param uri   the model file: a path, or a URI such as {@code hdfs:///models/styles.safetensors}
     * @param spark the session whose Hadoop configuration reads it
     * @return the new stylizer
     * @throws IOException                      if the file cannot be read
     * @throws io.pastiche.ModelFormatException if it is not a pastiche model
     */
    public Stylizer withModel(String uri, SparkSession spark) throws IOException {
        return new Stylizer(plan, ModelSource.read(uri, spark.sparkContext().hadoopConfiguration()), backend,
                format, maxSize, maxPixels, rendering());
    }

    /**
     * This stylizer on a named backend.
     *
     * @param name {@code tensorflow}, {@code djl} or {@code nd4j}; null for the best one on each executor
     * @return the new stylizer
     */
    public Stylizer withBackend(String name) {
        return new Stylizer(plan, model, name, format, maxSize, maxPixels, rendering());
    }

    /**
     * This stylizer writing another format.
     *
     * @param name {@code png} (lossless, the default) or {@code jpg}
     * @return the new stylizer
     * @throws IllegalArgumentException for another format
     */
    public Stylizer withFormat(String name) {
        if (!name.equals("png") && !name.equals("jpg")) {
            throw new IllegalArgumentException("the format is png or jpg, was '" + name + "'");
        }
        return new Stylizer(plan, model, backend, name, maxSize, maxPixels, rendering());
    }

    /**
     * This stylizer scaling each image down first, so that its longest side is at most this many pixels.
     *
     * @param pixels at least 1, or 0 to keep every image's size
     * @return the new stylizer
     */
    public Stylizer withMaxSize(int pixels) {
        if (pixels < 0) {
            throw new IllegalArgumentException("the largest side is at least 1 pixel (0: as is), was " + pixels);
        }
        return new Stylizer(plan, model, backend, format, pixels, maxPixels, rendering());
    }

    /**
     * This stylizer refusing images of more pixels (from their headers, before decoding).
     *
     * @param pixels at least 1
     * @return the new stylizer
     */
    public Stylizer withMaxPixels(long pixels) {
        if (pixels < 1) {
            throw new IllegalArgumentException("the most pixels is at least 1, was " + pixels);
        }
        return new Stylizer(plan, model, backend, format, maxSize, pixels, rendering());
    }

    /**
     * This stylizer with a brush scale, colour preservation and strength.
     *
     * @param rendering the settings, as {@code pastiche stylize} takes them
     * @return the new stylizer
     */
    public Stylizer withRendering(Rendering rendering) {
        return new Stylizer(plan, model, backend, format, maxSize, maxPixels, rendering);
    }

    /**
     * The plan.
     *
     * @return which style each image gets
     */
    public StylePlan plan() {
        return plan;
    }

    /**
     * The format written.
     *
     * @return {@code png} or {@code jpg}
     */
    public String format() {
        return format;
    }

    /**
     * Stylizes every image of a DataFrame, lazily, as Spark transformations are.
     *
     * @param images rows with the columns {@code path} (string) and {@code content} (binary), such as
     *               {@code spark.read().format("binaryFile").load(...)} gives
     * @return one row of {@link #OUTPUT} per image
     * @throws IllegalArgumentException if the columns are missing, or the plan names a style the model lacks
     */
    public Dataset<Row> transform(Dataset<Row> images) {
        List<String> columns = List.of(images.columns());
        if (!columns.contains("path") || !columns.contains("content")) {
            throw new IllegalArgumentException("the images need the columns 'path' (string) and 'content' "
                    + "(binary), as the binaryFile source gives them; these have " + columns);
        }
        return images.select("path", "content").mapPartitions(
                (MapPartitionsFunction<Row, Row>) rows -> new Mapped(rows, this), Encoders.row(OUTPUT));
    }

    /**
     * Stylizes one image: on the executor, with its shared network.
     *
     * @param source  the image's path
     * @param content the file's bytes
     * @return the outcome; a bad image's reason rather than an exception
     */
    Outcome stylize(String source, byte[] content) {
        return stylize(source, content, choose(source));
    }

    /** The style of an image, from the executor's network's styles. */
    StylePlan.Choice choose(String source) {
        return plan.choose(source, ExecutorNetworks.get(model, backend).styles());
    }

    /** Stylizes one image in a style already chosen. */
    Outcome stylize(String source, byte[] content, StylePlan.Choice choice) {
        StyleNetwork network = ExecutorNetworks.get(model, backend);
        try {
            BufferedImage photo = ImageFiles.read(content, source, maxPixels);
            if (maxSize > 0) {
                photo = Resize.toFit(photo, maxSize);
            }
            BufferedImage pastiche = rendering().render(network, photo, choice.mix());
            return new Outcome(source, choice.label(), plan.seed(), pastiche.getWidth(), pastiche.getHeight(),
                    ImageFiles.encode(pastiche, format), null);
        } catch (ImageFormatException | UncheckedIOException e) {
            return new Outcome(source, choice.label(), plan.seed(), null, null, null, e.getMessage());
        }
    }

    Rendering rendering() {
        return new Rendering(strength, preserveColours, brushScale);
    }

    ModelSource model() {
        return model;
    }

    String backend() {
        return backend;
    }

    /**
     * One image's outcome.
     *
     * @param source the image's path
     * @param style  the style or mix used
     * @param seed   the plan's seed, or null
     * @param width  the pastiche's width, or null if it failed
     * @param height its height, or null
     * @param image  its encoded bytes, or null
     * @param error  why it failed, or null
     */
    record Outcome(String source, String style, Long seed, Integer width, Integer height, byte[] image,
                   String error) {

        Row row() {
            return RowFactory.create(source, style, seed, width, height, image, error);
        }
    }

    /** The rows of a partition, stylized one at a time as Spark pulls them. */
    private static final class Mapped implements Iterator<Row> {

        private final Iterator<Row> rows;
        private final Stylizer stylizer;

        Mapped(Iterator<Row> rows, Stylizer stylizer) {
            this.rows = rows;
            this.stylizer = stylizer;
        }

        @Override
        public boolean hasNext() {
            return rows.hasNext();
        }

        @Override
        public Row next() {
            Row row = rows.next();
            return stylizer.stylize(row.getString(0), (byte[]) row.get(1)).row();
        }
    }
}
