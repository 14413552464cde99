package io.pastiche.model;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads and writes pastiche model files: one safetensors file whose {@code __metadata__} carries the manifest.
 * The format is documented in {@code docs/model-format.md}.
 */
public final class ModelFile {

    private ModelFile() {
    }

    /**
     * Reads a model file.
     *
     * @throws java.nio.file.NoSuchFileException if there is no such file
     * @throws IOException                      if it cannot be read
     * @throws io.pastiche.ModelFormatException  if it is not a valid pastiche model file; the message names the problem
     */
    public static Model read(Path path) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Writes a model file atomically (a temporary file in the same folder, then a rename), in float32.
     */
    public static void write(Model model, Path path) throws IOException {
        write(model, path, DType.F32);
    }

    /** Writes a model file atomically, its tensors in the given type. */
    public static void write(Model model, Path path, DType dtype) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }
}
