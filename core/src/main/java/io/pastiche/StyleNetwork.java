package io.pastiche;

import io.pastiche.image.ImageTensors;
import io.pastiche.image.Resize;
import io.pastiche.memory.AvailableMemory;
import io.pastiche.memory.MemoryEstimate;
import io.pastiche.model.Model;
import io.pastiche.model.ModelFile;
import io.pastiche.network.NetworkSpec;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.spi.Backend;
import io.pastiche.spi.BackendProvider;
import io.pastiche.spi.Backends;
import io.pastiche.spi.CompiledNetwork;
import io.pastiche.tiling.BandSink;
import io.pastiche.tiling.BandSource;
import io.pastiche.tiling.TileOptions;
import io.pastiche.tiling.TiledExecution;
import io.pastiche.tiling.TilePlan;
import io.pastiche.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleConsumer;
import java.util.function.Function;
import java.util.OptionalLong;

/**
 * A loaded style transfer network: one set of convolution weights, N styles.
 *
 * <pre>{@code
 * try (StyleNetwork network = StyleNetwork.load(Path.of("styles.safetensors"))) {
 *     BufferedImage pastiche = network.stylize(photo, network.style("starry_night").index());
 * }
 * }</pre>
 *
 * <p><b>Thread safety:</b> one instance is safe to use from many threads at once; calls run concurrently on the
 * backend. {@link #close()} waits for calls in progress and then releases the engine's native memory; later
 * calls throw {@link IllegalStateException}.
 */
public final class StyleNetwork implements AutoCloseable {

    /** Set to {@code false} to skip the check of a call's memory against what the process can have. */
    public static final String MEMORY_CHECK_PROPERTY = "pastiche.memoryCheck";

    private final Model model;
    private final LoadOptions options;
    private final Backend backend;
    private final CompiledNetwork compiled;

    private StyleNetwork(Model model, LoadOptions options, Backend backend, CompiledNetwork compiled) {
        this.model = model;
        this.options = options;
        this.backend = backend;
        this.compiled = compiled;
    }

    /**
     * Loads a model file with the default options.
     *
     * @param path a pastiche model file (safetensors with a manifest)
     * @return the network, ready to use; close it to release the engine's native memory
     * @throws IOException                      if the file cannot be read
     * @throws java.nio.file.NoSuchFileException if there is no such file
     * @throws ModelFormatException             if the file is not a valid pastiche model
     * @throws BackendException                 if no backend is available
     */
    public static StyleNetwork load(Path path) throws IOException {
        return load(path, LoadOptions.defaults());
    }

    /**
     * Loads a model file with the given options (for example the backend).
     *
     * @param path    a pastiche model file (safetensors with a manifest)
     * @param options the backend, device and image size limit
     * @return the network, ready to use; close it to release the engine's native memory
     * @throws IOException                      if the file cannot be read
     * @throws java.nio.file.NoSuchFileException if there is no such file
     * @throws ModelFormatException             if the file is not a valid pastiche model
     * @throws BackendException                 if the backend asked for, or any backend, is not available
     */
    public static StyleNetwork load(Path path, LoadOptions options) throws IOException {
        return of(ModelFile.read(path), options);
    }

    /**
     * Loads the network pastiche ships ({@link DefaultModel}: 16 paintings) with the default options.
     *
     * @return the network, ready to use; close it to release the engine's native memory
     * @throws BackendException if no backend is available
     */
    public static StyleNetwork loadDefault() {
        return loadDefault(LoadOptions.defaults());
    }

    /**
     * Loads the network pastiche ships with the given options.
     *
     * @param options the backend, device and image size limit
     * @return the network, ready to use; close it to release the engine's native memory
     * @throws BackendException if the backend asked for, or any backend, is not available
     */
    public static StyleNetwork loadDefault(LoadOptions options) {
        return of(DefaultModel.read(), options);
    }

    /**
     * A network from a model held in memory, for example one just trained or {@link Model#untrained}.
     *
     * @param model   the architecture, weights and styles; used as given, not copied
     * @param options the backend, device and image size limit
     * @return the network, ready to use; close it to release the engine's native memory
     * @throws BackendException if the backend asked for, or any backend, is not available
     */
    public static StyleNetwork of(Model model, LoadOptions options) {
        BackendProvider provider = Backends.discover().choose(options.backend());
        Backend backend = provider.open(options.device());
        try {
            return new StyleNetwork(model, options, backend, backend.compile(model.spec(), model.weights()));
        } catch (RuntimeException | Error e) {
            backend.close();
            throw e;
        }
    }

    /**
     * The styles, index i at position i.
     *
     * @return the styles; not modifiable
     */
    public List<Style> styles() {
        return model.styles();
    }

    /**
     * The style of the given name.
     *
     * @param name the style's name, as in the model file (case-sensitive)
     * @return the style
     * @throws UnknownStyleException if there is none; the message lists the styles there are
     */
    public Style style(String name) {
        for (Style style : model.styles()) {
            if (style.name().equals(name)) {
                return style;
            }
        }
        throw new UnknownStyleException("no style named '" + name + "'; " + describeStyles());
    }

    /**
     * Weights by style name, used as given (call {@link StyleMix#normalized()} to make them sum to 1).
     *
     * @param weightsByName finite weights ({@code >= 0}) by style name, in the map's iteration order
     * @return the mix, by style index
     * @throws UnknownStyleException    if a name is not one of the network's styles
     * @throws IllegalArgumentException if the map is empty or a weight is null, negative or not finite
     */
    public StyleMix mix(Map<String, Double> weightsByName) {
        Map<Integer, Double> byIndex = new LinkedHashMap<>();
        weightsByName.forEach((name, weight) -> byIndex.put(style(name).index(), weight));
        return StyleMix.of(byIndex);
    }

    /**
     * Renders the image in one style; the result has the image's size, and the image's alpha if any.
     *
     * @param image the photo, of any {@link BufferedImage} type
     * @param style the style's index, from 0 to {@code styles().size() - 1}
     * @return a new image, {@code TYPE_INT_ARGB} if the input has alpha and {@code TYPE_INT_RGB} otherwise
     * @throws UnknownStyleException  if the network has no style of that index
     * @throws ImageFormatException   if the image is smaller than the network's minimum or larger than
     *                                {@link LoadOptions#maxPixels()}
     * @throws NativeMemoryException  if the call does not fit its memory budget even in tiles
     * @throws IllegalStateException  if the network is closed
     */
    public BufferedImage stylize(BufferedImage image, int style) {
        checkStyle(style);
        return stylize(image, StyleMix.of(style));
    }

    /**
     * Renders the image in a mix of styles; the result has the image's size, and the image's alpha if any.
     *
     * @param image the photo, of any {@link BufferedImage} type
     * @param mix   the styles' weights, used as given
     * @return a new image, {@code TYPE_INT_ARGB} if the input has alpha and {@code TYPE_INT_RGB} otherwise
     * @throws UnknownStyleException if the mix names a style the network does not have
     * @throws ImageFormatException  if the image is smaller than the network's minimum or larger than
     *                               {@link LoadOptions#maxPixels()}
     * @throws NativeMemoryException if the call does not fit its memory budget even in tiles (a larger call than
     *                               the budget runs in tiles, {@link LoadOptions#withMemoryBudget})
     * @throws IllegalStateException if the network is closed
     */
    public BufferedImage stylize(BufferedImage image, StyleMix mix) {
        return stylize(List.of(image), mix).get(0);
    }

    /**
     * Renders several images of one size in one batch, all in the same mix of styles.
     *
     * @param images the photos, all of one width and height, of any {@link BufferedImage} type
     * @param mix    the styles' weights, used as given, for every image
     * @return new images in the order given, each with its input's size and alpha; empty if {@code images} is empty
     * @throws UnknownStyleException if the mix names a style the network does not have
     * @throws ImageFormatException  if the images are not all of one size (the message names two that differ), or
     *                               their size is below the network's minimum or above {@link LoadOptions#maxPixels()}
     * @throws NativeMemoryException if the call does not fit its memory budget even in tiles
     * @throws IllegalStateException if the network is closed
     */
    public List<BufferedImage> stylize(List<BufferedImage> images, StyleMix mix) {
        return stylize(images, mix, fraction -> { });
    }

    /**
     * Renders several images of one size in one batch, all in the same mix of styles, telling a listener how far
     * the call is: for a picture large enough to run in tiles (see {@link LoadOptions#withMemoryBudget}), which
     * may take minutes. The call stops, with a {@link java.util.concurrent.CancellationException} and its
     * temporary files deleted, when its thread is interrupted (between tiles; a call that runs whole finishes).
     *
     * @param images   the photos, all of one width and height, of any {@link BufferedImage} type
     * @param mix      the styles' weights, used as given, for every image
     * @param progress told the fraction done, from 0 to 1, on the calling thread: after every tile of a tiled
     *                 call, and 1 when any call ends
     * @return new images in the order given, each with its input's size and alpha; empty if {@code images} is empty
     * @throws UnknownStyleException if the mix names a style the network does not have
     * @throws ImageFormatException  if the images are not all of one size, or their size is below the network's
     *                               minimum or above {@link LoadOptions#maxPixels()}
     * @throws NativeMemoryException if the call does not fit its memory budget even in tiles, or its spilled
     *                               feature maps do not fit the temporary folder's disk
     * @throws java.util.concurrent.CancellationException if the thread is interrupted during a tiled call
     * @throws IllegalStateException if the network is closed
     */
    public List<BufferedImage> stylize(List<BufferedImage> images, StyleMix mix, DoubleConsumer progress) {
        if (images.isEmpty()) {
            return List.of();
        }
        mix.weights().keySet().forEach(this::checkStyle);
        checkOneSize(images);
        checkSize(images.get(0));
        List<StyleEmbedding> styles = Collections.nCopies(images.size(), model.cin().embedding(mix));
        // The compiled network's guard: calls run concurrently, close waits for them.
        return run(images, 0, progress, input -> compiled.forward(input, styles),
                (bands, options, sink) -> TiledExecution.run(compiled, bands, styles, options, sink));
    }

    /**
     * Renders the image with a style mask: each region in its mix of styles, blended where the mask's weights
     * are soft ({@link StyleMask}). A mask that is the same everywhere gives exactly the plain call with its mix.
     *
     * @param image the photo, of any {@link BufferedImage} type
     * @param mask  which style goes where, of the image's size ({@link StyleMask#resized} if not)
     * @return a new image, {@code TYPE_INT_ARGB} if the input has alpha and {@code TYPE_INT_RGB} otherwise
     * @throws UnknownStyleException    if the mask names a style the network does not have
     * @throws IllegalArgumentException if the mask is not of the image's size
     * @throws ImageFormatException     if the image is smaller than the network's minimum or larger than
     *                                  {@link LoadOptions#maxPixels()}
     * @throws NativeMemoryException    if the call does not fit its memory budget even in tiles
     * @throws IllegalStateException    if the network is closed
     */
    public BufferedImage stylize(BufferedImage image, StyleMask mask) {
        return stylize(List.of(image), mask, fraction -> { }).get(0);
    }

    /**
     * Renders several images of one size in one batch, all with one style mask, telling a listener how far the
     * call is, as {@link #stylize(List, StyleMix, DoubleConsumer)}.
     *
     * @param images   the photos, all of one width and height, of any {@link BufferedImage} type
     * @param mask     which style goes where, of the images' size ({@link StyleMask#resized} if not)
     * @param progress told the fraction done, from 0 to 1, on the calling thread
     * @return new images in the order given, each with its input's size and alpha; empty if {@code images} is empty
     * @throws UnknownStyleException    if the mask names a style the network does not have
     * @throws IllegalArgumentException if the mask is not of the images' size
     * @throws ImageFormatException     if the images are not all of one size, or their size is below the
     *                                  network's minimum or above {@link LoadOptions#maxPixels()}
     * @throws NativeMemoryException    if the call does not fit its memory budget even in tiles
     * @throws java.util.concurrent.CancellationException if the thread is interrupted during a tiled call
     * @throws IllegalStateException    if the network is closed
     */
    public List<BufferedImage> stylize(List<BufferedImage> images, StyleMask mask, DoubleConsumer progress) {
        if (images.isEmpty()) {
            return List.of();
        }
        for (int style : mask.styles()) {
            checkStyle(style);
        }
        checkOneSize(images);
        BufferedImage first = images.get(0);
        if (mask.width() != first.getWidth() || mask.height() != first.getHeight()) {
            throw new IllegalArgumentException("the mask is " + mask.width() + "x" + mask.height() + " but the image "
                    + "is " + first.getWidth() + "x" + first.getHeight() + "; resize the mask first (mask.resized("
                    + first.getWidth() + ", " + first.getHeight() + "))");
        }
        Optional<StyleMix> uniform = mask.uniformMix();
        if (uniform.isPresent()) {
            return stylize(images, uniform.get(), progress);
        }
        checkSize(first);
        List<StyleEmbedding> styles = Arrays.stream(mask.styles()).mapToObj(model.cin()::embedding).toList();
        // The weights at every layer's resolution: at most S floats per pixel at full size, a third more below.
        long weights = (long) styles.size() * first.getWidth() * first.getHeight() * Float.BYTES * 4 / 3;
        return run(images, weights, progress, input -> compiled.forward(input, mask, styles),
                (bands, options, sink) -> TiledExecution.run(compiled, bands, mask, styles, options, sink));
    }

    /** A call's tiled form: the input band by band into the sink. */
    private interface Tiled {
        void run(BandSource input, TileOptions options, BandSink output);
    }

    /** Runs a checked call whole or in tiles, as its memory plan says. */
    private List<BufferedImage> run(List<BufferedImage> images, long extraBytes, DoubleConsumer progress,
                                    Function<Tensor, Tensor> whole, Tiled tiled) {
        Optional<TilePlan> tiles = plan(images.size(), images.get(0), extraBytes);
        if (tiles.isEmpty()) {
            Tensor output = whole.apply(ImageTensors.toTensor(images));
            List<BufferedImage> results = new ArrayList<>(images.size());
            for (int n = 0; n < images.size(); n++) {
                results.add(ImageTensors.toImage(output, n, images.get(n)));
            }
            progress.accept(1.0);
            return results;
        }
        // In tiles, the pictures go in and out band by band: never held whole as floats.
        List<BufferedImage> results = images.stream().map(ImageTensors::imageLike).toList();
        tiled.run(ImageTensors.bands(images), tiles.get().options(spillFolder()).withProgress(progress),
                (band, from) -> {
                    for (int n = 0; n < images.size(); n++) {
                        ImageTensors.writeRows(band, n, from, images.get(n), results.get(n));
                    }
                });
        return results;
    }

    private static Path spillFolder() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    private void checkStyle(int style) {
        if (style < 0 || style >= model.styles().size()) {
            throw new UnknownStyleException("no style " + style + "; " + describeStyles());
        }
    }

    private static void checkOneSize(List<BufferedImage> images) {
        BufferedImage first = images.get(0);
        for (int i = 1; i < images.size(); i++) {
            BufferedImage image = images.get(i);
            if (image.getWidth() != first.getWidth() || image.getHeight() != first.getHeight()) {
                throw new ImageFormatException("the images of one batch must have one size, but image " + i + " is "
                        + image.getWidth() + "x" + image.getHeight() + " and image 0 is " + first.getWidth() + "x"
                        + first.getHeight() + "; stylize images of different sizes in separate calls");
            }
        }
    }

    private void checkSize(BufferedImage image) {
        NetworkSpec spec = model.spec();
        int min = spec.minimumInputSize();
        long pixels = (long) image.getWidth() * image.getHeight();
        if (image.getWidth() < min || image.getHeight() < min) {
            // After Resize.toFit the size is not the file's: say both, or a 160x120 photo seems to be 1x1.
            String scaled = Resize.originalSize(image)
                    .map(d -> ", scaled down from " + d.width + "x" + d.height + " (scale it down less)").orElse("");
            throw new ImageFormatException("the image is " + image.getWidth() + "x" + image.getHeight()
                    + " pixels" + scaled + "; this network needs at least " + min + "x" + min);
        }
        if (pixels > options.maxPixels()) {
            throw new ImageFormatException("the image is " + image.getWidth() + "x" + image.getHeight() + " = "
                    + pixels + " pixels, more than the limit of " + options.maxPixels()
                    + "; scale it down first, or raise LoadOptions.withMaxPixels if the memory is there");
        }
    }

    /**
     * Whole or in tiles: whole when the call's estimate fits the budget (by default, what the process can still
     * have, and within the engine's own limit if it has one) and its largest map is within what one engine call
     * can hold ({@link TilePlan#choose}); else tiles that fit, their maps in native memory when
     * the budget holds them beside the tiles, else on
     * disk. An allocation that fails deep in an engine is not always an exception (TensorFlow's fused normalisation
     * crashes the process), hence the plan before the call; {@value #MEMORY_CHECK_PROPERTY}=false switches it off.
     */
    private Optional<TilePlan> plan(int batch, BufferedImage image, long extraBytes) {
        OptionalLong budget = options.memoryBudget();
        if (budget.isEmpty()) {
            if ("false".equalsIgnoreCase(System.getProperty(MEMORY_CHECK_PROPERTY))) {
                return Optional.empty();
            }
            // where the system reports no limit, only a call too large for one engine call is tiled
            budget = OptionalLong.of(AvailableMemory.now(backend.memoryLeft()).orElse(Long.MAX_VALUE));
        }
        long needed = MemoryEstimate.forward(model.spec(), batch, image.getHeight(), image.getWidth()) + extraBytes;
        Runtime runtime = Runtime.getRuntime();
        // A tiled call's results are made before its bands: an int per pixel each (ImageTensors.imageLike).
        long results = (long) batch * image.getHeight() * image.getWidth() * Integer.BYTES;
        long heapRoom = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory()) - results;
        Optional<TilePlan> tiles = TilePlan.choose(model.spec(), batch, image.getHeight(), image.getWidth(),
                budget.getAsLong(), needed, heapRoom).map(plan -> plan.capped(backend.mostTileValues()));
        if (tiles.isPresent() && tiles.get().spill()) {
            checkDisk(TilePlan.spillBytes(model.spec(), batch, image.getHeight(), image.getWidth()));
        }
        return tiles;
    }

    /** Refuses a spilled call the temporary folder has no room for, before it writes anything. */
    private static void checkDisk(long needed) {
        Path folder = spillFolder();
        long free;
        try {
            free = Files.getFileStore(folder).getUsableSpace();
        } catch (IOException e) {
            return; // the file system cannot say; a full disk then fails the call with its own message
        }
        if (free < needed) {
            throw new NativeMemoryException("this picture does not fit the memory budget, and its feature maps need "
                    + NativeMemoryException.size(needed) + " of temporary files where " + Printable.escaped(folder.toString())
                    + " has " + NativeMemoryException.size(free) + " free; free disk space there, point "
                    + "java.io.tmpdir at a larger disk, or stylize a smaller picture", needed, null);
        }
    }

    private String describeStyles() {
        StringBuilder text = new StringBuilder("the network has " + model.styles().size() + " styles:");
        for (Style style : model.styles()) {
            text.append(' ').append(style.index()).append('=').append(style.name());
        }
        return text.toString();
    }

    /**
     * Writes the network to a model file, atomically.
     *
     * @param path the file to write; replaced if it exists
     * @throws IOException if the file cannot be written
     */
    public void save(Path path) throws IOException {
        ModelFile.write(model, path);
    }

    /**
     * The model: architecture, weights, styles.
     *
     * @return the model this network was made from, not a copy
     */
    public Model model() {
        return model;
    }

    /**
     * The name of the backend running this network.
     *
     * @return the backend's name, as {@link LoadOptions#withBackend} takes it
     */
    public String backend() {
        return backend.name();
    }

    /** Waits for calls in progress, then releases the backend's native resources. Idempotent. */
    @Override
    public void close() {
        try {
            compiled.close();
        } finally {
            backend.close();
        }
    }
}
