package io.pastiche.model;

import io.pastiche.ModelFormatException;
import io.pastiche.files.AtomicWrite;
import io.pastiche.norm.CinParameters;
import io.pastiche.norm.ConditionalInstanceNorm;
import io.pastiche.network.ConvLayer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes pastiche model files: one safetensors file whose {@code __metadata__} carries the manifest.
 * The format is documented in {@code docs/model-format.md}.
 */
public final class ModelFile {

    private ModelFile() {
    }

    /**
     * Reads a model file. Every tensor type (F32, F16, BF16) is converted to float.
     *
     * @param path the model file
     * @return the model it holds
     * @throws java.nio.file.NoSuchFileException if there is no such file
     * @throws IOException                      if it cannot be read
     * @throws io.pastiche.ModelFormatException  if it is not a valid pastiche model file, its data does not match its
     *                                          checksum, or a value is NaN or infinite; the message names the problem
     */
    public static Model read(Path path) throws IOException {
        try (SafetensorsReader reader = SafetensorsReader.open(path)) {
            return model(reader, path.toString());
        }
    }

    /**
     * Reads a model file's bytes held in memory, for example a model bundled as a class-path resource.
     *
     * @param bytes the whole file; not copied, so leave it unchanged until the call returns
     * @param name  how messages name the bytes
     * @return the model they hold
     * @throws IOException                     not thrown for bytes in memory; declared with the file's reader
     * @throws io.pastiche.ModelFormatException if they are not a valid pastiche model file, their data does not
     *                                         match its checksum, or a value is NaN or infinite
     */
    public static Model read(byte[] bytes, String name) throws IOException {
        try (SafetensorsReader reader = SafetensorsReader.of(bytes, name)) {
            return model(reader, name);
        }
    }

    private static Model model(SafetensorsReader reader, String file) throws IOException {
        try {
            Manifest manifest = checkedManifest(reader.header(), file);
            reader.checkIntegrity();
            List<ConvLayer> convs = manifest.spec().convolutions();
            int styles = manifest.styles().size();
            List<float[]> weights = new ArrayList<>(convs.size());
            List<ConditionalInstanceNorm> norms = new ArrayList<>(convs.size());
            for (ConvLayer conv : convs) {
                weights.add(read(reader, TensorNames.weight(conv)));
                float[] gamma = read(reader, TensorNames.gamma(conv));
                float[] beta = read(reader, TensorNames.beta(conv));
                norms.add(new ConditionalInstanceNorm(conv.name(), styles, conv.outChannels(), gamma, beta));
            }
            CinParameters cin = new CinParameters(manifest.spec(), norms);
            return new Model(manifest.spec(), manifest.alpha(), weights, cin, manifest.styles());
        } catch (IllegalArgumentException e) {
            // The checks above should leave nothing for the model's own constructors to refuse; if they do, it is
            // still the file's fault, and the caller is promised a ModelFormatException.
            throw new ModelFormatException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads only the manifest of a model file, after checking the header against it; no tensor is read. For
     * listing a model's styles cheaply.
     *
     * @param path the model file
     * @return its manifest: architecture, alpha, styles
     * @throws java.nio.file.NoSuchFileException if there is no such file
     * @throws ModelFormatException              if the header or the manifest is malformed or does not fit
     * @throws IOException                       if the file cannot be read
     */
    public static Manifest readManifest(Path path) throws IOException {
        try (SafetensorsReader reader = SafetensorsReader.open(path)) {
            return checkedManifest(reader.header(), path.toString());
        }
    }

    private static Manifest checkedManifest(SafetensorsHeader header, String file) {
        Map<String, String> metadata = header.metadata().orElseThrow(() -> Problems.of(file,
                "the header has no __metadata__, so no pastiche manifest",
                "this is a plain safetensors file; add the manifest docs/model-format.md describes"));
        Manifest manifest = Manifest.fromMetadata(metadata, file);
        LayoutCheck.check(header, manifest, file);
        return manifest;
    }

    private static float[] read(SafetensorsReader reader, String name) throws IOException {
        return reader.floats(reader.header().tensor(name).orElseThrow()); // presence checked by LayoutCheck
    }

    /**
     * Writes a model file atomically (a temporary file in the same folder, then a rename), in float32.
     *
     * @param model the model to write
     * @param path  the file; replaced if it exists, left as it was if writing fails
     * @throws IOException              if the file cannot be written
     * @throws IllegalArgumentException if a weight, gamma or beta is NaN or infinite
     */
    public static void write(Model model, Path path) throws IOException {
        write(model, path, DType.F32);
    }

    /**
     * Writes a model file atomically, its tensors in the given type (F16 and BF16 round to nearest, ties to
     * even). If writing fails, an existing file at {@code path} is left as it was.
     *
     * @param model the model to write
     * @param path  the file; replaced if it exists
     * @param dtype the type every tensor is stored in
     * @throws IOException              if the file cannot be written
     * @throws IllegalArgumentException if a weight, gamma or beta is NaN or infinite, or beyond the range of
     *                                  {@code dtype} (F16: ±65504)
     */
    public static void write(Model model, Path path, DType dtype) throws IOException {
        SafetensorsWriter writer = new SafetensorsWriter(dtype, Manifest.of(model).toMetadata());
        List<ConvLayer> convs = model.spec().convolutions();
        List<float[]> weights = model.weights();
        int styles = model.styles().size();
        for (int i = 0; i < convs.size(); i++) {
            ConvLayer conv = convs.get(i);
            ConditionalInstanceNorm norm = model.cin().layers().get(i);
            writer.add(TensorNames.weight(conv), conv.weightShape(), weights.get(i));
            writer.add(TensorNames.gamma(conv), TensorNames.normShape(conv, styles), norm.gammaTable());
            writer.add(TensorNames.beta(conv), TensorNames.normShape(conv, styles), norm.betaTable());
        }
        AtomicWrite.write(path, writer::writeTo);
    }
}
