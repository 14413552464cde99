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
import io.pastiche.tiling.TiledExecution;
import io.pastiche.tiling.TilePlan;
import io.pastiche.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
     * @throws NativeMemoryException  if the call needs more memory than the process can have
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
     * @throws NativeMemoryException if the call needs more memory than the process can have
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
     * @throws NativeMemoryException if the call needs more memory than the process can have
     * @throws IllegalStateException if the network is closed
     */
    public List<BufferedImage> stylize(List<BufferedImage> images, StyleMix mix) {
        if (images.isEmpty()) {
            return List.of();
        }
        mix.weights().keySet().forEach(this::checkStyle);
        checkOneSize(images);
        checkSize(images.get(0));
        Optional<TilePlan> tiles = plan(images.size(), images.get(0));
        Tensor input = ImageTensors.toTensor(images);
        StyleEmbedding embedding = model.cin().embedding(mix);
        Tensor output = run(input, Collections.nCopies(images.size(), embedding), tiles);
        List<BufferedImage> results = new ArrayList<>(images.size());
        for (int n = 0; n < images.size(); n++) {
            results.add(ImageTensors.toImage(output, n, images.get(n)));
        }
        return results;
    }

    private Tensor run(Tensor input, List<StyleEmbedding> styles, Optional<TilePlan> tiles) {
        // The compiled network's guard: calls run concurrently, close waits for them.
        if (tiles.isEmpty()) {
            return compiled.forward(input, styles);
        }
        return TiledExecution.run(compiled, input, styles,
                tiles.get().options(Path.of(System.getProperty("java.io.tmpdir"))));
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
     * Refuses a call the process has no memory for, before the engine starts it: an allocation that fails deep in an
     * engine is not always an exception (TensorFlow's fused normalisation crashes the process). The estimate is
     * close to the measured peaks at full width and above them (about 1.5x) for the half-width default model, so a
     * call near the limit may be refused that would just fit; {@value #MEMORY_CHECK_PROPERTY}=false switches the
     * check off.
     */
    /**
     * Whole or in tiles: whole when the call's estimate fits the budget (by default, what the process can still
     * have); else tiles that fit, their maps on the heap only where the heap has room for them.
     */
    private Optional<TilePlan> plan(int batch, BufferedImage image) {
        OptionalLong budget = options.memoryBudget();
        if (budget.isEmpty()) {
            if ("false".equalsIgnoreCase(System.getProperty(MEMORY_CHECK_PROPERTY))) {
                return Optional.empty();
            }
            budget = AvailableMemory.now();
            if (budget.isEmpty()) {
                return Optional.empty();
            }
        }
        long needed = MemoryEstimate.forward(model.spec(), batch, image.getHeight(), image.getWidth());
        Runtime runtime = Runtime.getRuntime();
        long heapRoom = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
        return TilePlan.choose(model.spec(), batch, image.getHeight(), image.getWidth(), budget.getAsLong(), needed,
                heapRoom);
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
