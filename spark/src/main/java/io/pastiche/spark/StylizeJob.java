package io.pastiche.spark;

import io.pastiche.Rendering;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The Spark job: stylizes every image of a folder or glob into {@code OUTPUT/images/} under deterministic names
 * ({@link OutputFiles}), each file committed whole exactly once, and writes {@code OUTPUT/manifest/} (Parquet): one
 * row per image with its source, output, style, seed and error. A bad image is a row with its reason, not a failed
 * job. {@code --resume} continues an interrupted run: images whose output exists are not stylized again, and the
 * run ends with the files an uninterrupted one would have written.
 *
 * <p>Runs embedded ({@code local[*]}) unless {@code spark-submit} or {@code --master} names a cluster.
 */
@Command(name = "pastiche-spark", mixinStandardHelpOptions = true, usageHelpAutoWidth = true, sortOptions = false,
        description = {"Stylizes every image of a folder or glob on Apache Spark, exactly once, resumably.", ""},
        footerHeading = "%nExamples:%n",
        footer = {
                "  pastiche-spark --input photos/ --output out/ --style starry_night",
                "  pastiche-spark --input 'hdfs:///imagenet/train/*/*.JPEG' --output hdfs:///stylized "
                        + "--random-style --seed 1 --format jpg",
                "  pastiche-spark --input photos/ --output out/ --random-mix 2 --seed 7 --resume"})
public final class StylizeJob implements Callable<Integer> {

    /** The manifest's columns. */
    public static final StructType MANIFEST = new StructType()
            .add("source", DataTypes.StringType, false)
            .add("output", DataTypes.StringType, true)
            .add("style", DataTypes.StringType, true)
            .add("seed", DataTypes.LongType, true)
            .add("error", DataTypes.StringType, true);

    private static final String IMAGE_FILES = "*.{jpg,jpeg,png,bmp,webp,tif,tiff,JPG,JPEG,PNG,BMP,WEBP,TIF,TIFF}";

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "FOLDER|GLOB",
            description = "A folder (its image files, in every subfolder) or a glob such as 'photos/*/*.jpg'; any "
                    + "file system Spark reads (file:, hdfs:, s3a:).")
    private String input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FOLDER",
            description = "Where images/ and manifest/ are written.")
    private String output;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Plan plan;

    static final class Plan {
        @Option(names = "--style", paramLabel = "NAME", description = "Every image in this style (name or index).")
        String style;

        @Option(names = "--mix", paramLabel = "NAME=W,...", split = ",",
                description = "Every image in this mix, e.g. starry_night=0.7,the_scream=0.3.")
        Map<String, Double> mix;

        @Option(names = "--random-style", description = "Each image in a style drawn from --seed and its path.")
        boolean randomStyle;

        @Option(names = "--random-mix", paramLabel = "K",
                description = "Each image in a mix of K styles, drawn from --seed and its path.")
        Integer randomMix;
    }

    @Option(names = "--seed", paramLabel = "N", description = "The random plans' seed. Default: 0.")
    private long seed;

    @Option(names = {"-m", "--model"}, paramLabel = "FILE", description = "A model file. Default: the bundled one.")
    private String model;

    @Option(names = "--backend", paramLabel = "NAME", description = "tensorflow, djl or nd4j. Default: the best.")
    private String backend;

    @Option(names = "--format", paramLabel = "png|jpg", description = "Default: png.")
    private String format = "png";

    @Option(names = "--max-size", paramLabel = "PIXELS", description = "Scale each image down to this longest side.")
    private int maxSize;

    @Option(names = "--strength", paramLabel = "S", description = "From 0 (the photo) to 1 (the default).")
    private double strength = 1;

    @Option(names = "--preserve-colors", description = "Keep each photo's colours.")
    private boolean preserveColors;

    @Option(names = "--brush-scale", paramLabel = "S", description = "Strokes S times larger. Default: 1.")
    private double brushScale = 1;

    @Option(names = "--resume", description = "Continue a run in OUTPUT: skip the images whose output exists.")
    private boolean resume;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark's master, e.g. spark://host:7077. Default: spark-submit's, else local[*].")
    private String master;

    @Option(names = "--partitions", paramLabel = "N",
            description = "Split the images into N tasks. Default: as Spark lists the files.")
    private Integer partitions;

    /** For the fault tests: the first attempt of a task fails on an image whose path contains this. */
    @Option(names = "--fail-first-attempt-of", hidden = true)
    private String failFirstAttemptOf;

    /**
     * Runs the job.
     *
     * @param args the command line; {@code --help} lists it
     */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The job's command line: failures are one line naming the problem (a missing input, an unreadable model, a
     * failed stage with its cause), exit 1; usage errors exit 2.
     *
     * @return the command line, to execute
     */
    static CommandLine commandLine() {
        return new CommandLine(new StylizeJob()).setExecutionExceptionHandler((failure, command, parsed) -> {
            command.getErr().println("pastiche-spark: " + describe(failure));
            command.getErr().flush();
            return 1;
        });
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null ? failure.toString()
                : failure instanceof IOException ? message : failure.getClass().getSimpleName() + ": " + message;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        SparkSession spark = session();
        try {
            Configuration hadoop = spark.sparkContext().hadoopConfiguration();
            Path outputPath = qualified(output, hadoop);
            Path manifestPath = new Path(outputPath, "manifest");
            FileSystem fs = outputPath.getFileSystem(hadoop);
            if (!resume && (fs.exists(new Path(outputPath, OutputFiles.IMAGES)) || fs.exists(manifestPath))) {
                throw new CommandLine.ParameterException(spec.commandLine(), outputPath + " has a previous run: "
                        + "--resume continues it, or give another --output");
            }
            Stylizer stylizer = stylizer(spark);
            Path root = root(input, hadoop);
            if (!isGlob(input) && !root.getFileSystem(hadoop).exists(root)) {
                throw new IOException("no such folder or file: " + root + " (--input)");
            }
            OutputFiles files = new OutputFiles(root.toString(), outputPath.toString(), new HadoopConf(hadoop));
            Dataset<Row> images = read(spark);
            if (partitions != null) {
                images = images.repartition(partitions);
            }
            LongAccumulator written = spark.sparkContext().longAccumulator("written");
            LongAccumulator skipped = spark.sparkContext().longAccumulator("skipped");
            LongAccumulator failed = spark.sparkContext().longAccumulator("failed");
            String failOf = failFirstAttemptOf;
            Dataset<Row> manifest = images.select("path", "content").mapPartitions(
                    (MapPartitionsFunction<Row, Row>) rows -> process(rows, stylizer, files, failOf, written, skipped,
                            failed), Encoders.row(MANIFEST));
            manifest.write().mode(SaveMode.Overwrite).parquet(manifestPath.toString());
            fs.delete(new Path(outputPath, OutputFiles.ATTEMPTS), true);
            out.printf(Locale.ROOT, "stylized %d, skipped %d (done before), failed %d (their reasons are in the "
                    + "manifest); %s%n", written.value(), skipped.value(), failed.value(), manifestPath);
            out.flush();
            return 0;
        } finally {
            spark.stop();
        }
    }

    /** A task's images: each skipped if done, else stylized and committed; a manifest row for every one. */
    private static Iterator<Row> process(Iterator<Row> rows, Stylizer stylizer, OutputFiles files, String failOf,
                                         LongAccumulator written, LongAccumulator skipped, LongAccumulator failed)
            throws IOException {
        List<Row> manifest = new ArrayList<>();
        while (rows.hasNext()) {
            Row row = rows.next();
            String source = row.getString(0);
            TaskContext task = TaskContext.get();
            if (failOf != null && source.contains(failOf) && task != null && task.attemptNumber() == 0) {
                throw new IllegalStateException("injected failure of the first attempt, at " + source);
            }
            StylePlan.Choice choice = stylizer.choose(source);
            Path target = files.target(source, choice.label(), stylizer.format());
            Long seed = stylizer.plan().seed();
            if (files.exists(target)) {
                skipped.add(1);
                manifest.add(RowFactory.create(source, target.toString(), choice.label(), seed, null));
                continue;
            }
            Stylizer.Outcome outcome = stylizer.stylize(source, (byte[]) row.get(1), choice);
            if (outcome.error() != null) {
                failed.add(1);
                manifest.add(RowFactory.create(source, null, choice.label(), seed, outcome.error()));
            } else {
                if (files.commit(target, outcome.image())) {
                    written.add(1);
                } else {
                    skipped.add(1);
                }
                manifest.add(RowFactory.create(source, target.toString(), choice.label(), seed, null));
            }
        }
        return manifest.iterator();
    }

    private SparkSession session() {
        SparkSession.Builder builder = SparkSession.builder().appName("pastiche");
        if (master != null) {
            builder.master(master);
        } else if (!new SparkConf().contains("spark.master")) {
            builder.master("local[*]"); // not under spark-submit: embedded
        }
        return builder.getOrCreate();
    }

    private Stylizer stylizer(SparkSession spark) throws IOException {
        StylePlan chosen = plan.style != null ? StylePlan.style(plan.style)
                : plan.mix != null ? StylePlan.mix(new LinkedHashMap<>(plan.mix))
                : plan.randomStyle ? StylePlan.randomStyle(seed) : StylePlan.randomMix(plan.randomMix, seed);
        Stylizer stylizer = Stylizer.of(chosen).withBackend(backend).withFormat(format).withMaxSize(maxSize);
        try {
            stylizer = stylizer.withRendering(new Rendering(strength, preserveColors, brushScale));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        if (model != null) {
            stylizer = stylizer.withModel(model, spark);
        }
        try {
            chosen.choose("", stylizer.model().styles()); // a style the model lacks fails here, not in every task
        } catch (IllegalArgumentException | io.pastiche.UnknownStyleException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        return stylizer;
    }

    /** The images under a root folder, or matching a glob. */
    private Dataset<Row> read(SparkSession spark) {
        DataFrameReader reader = spark.read().format("binaryFile");
        if (isGlob(input)) {
            return reader.load(input);
        }
        return reader.option("recursiveFileLookup", "true").option("pathGlobFilter", IMAGE_FILES).load(input);
    }

    /** The folder sources are named under: the input itself, or a glob's part before its first pattern. */
    private static Path root(String input, Configuration conf) throws IOException {
        if (!isGlob(input)) {
            return qualified(input, conf);
        }
        Path path = new Path(input);
        while (path != null && isGlob(path.toString())) {
            path = path.getParent();
        }
        return qualified(path == null ? "/" : path.toString(), conf);
    }

    private static boolean isGlob(String path) {
        return path.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    private static Path qualified(String path, Configuration conf) throws IOException {
        Path p = new Path(path);
        return p.getFileSystem(conf).makeQualified(p);
    }
}
