package io.pastiche;

import io.pastiche.model.Model;
import io.pastiche.model.ModelFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The network pastiche ships: 16 public-domain paintings, trained by this project with its own trainer (see
 * {@code docs/default-model.md} for the paintings, the settings and its quality). It is bundled in the core jar
 * as a half-precision safetensors file of about a megabyte, so {@link StyleNetwork#loadDefault()} needs no file
 * and no download. Thread-safe: it holds no state.
 */
public final class DefaultModel {

    /** Where the model lies on the class path. */
    public static final String RESOURCE = "/io/pastiche/default-model.safetensors";

    private DefaultModel() {
    }

    /**
     * Reads the bundled model: architecture, weights and styles. No engine is loaded. Every call reads the
     * resource anew and returns a new model.
     *
     * @return the model, its half-precision values widened to float32
     * @throws PasticheException            if the resource is missing from the class path (a repackaged jar that
     *                                      dropped it)
     * @throws ModelFormatException         if the resource is not a valid model file (a damaged jar)
     * @throws java.io.UncheckedIOException if the resource cannot be read
     */
    public static Model read() {
        try (InputStream in = DefaultModel.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new PasticheException("the default model " + RESOURCE + " is not on the class path; use the "
                        + "pastiche-core jar as published, or load a model file with StyleNetwork.load(path)");
            }
            return ModelFile.read(in.readAllBytes(), "the default model (" + RESOURCE + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the default model " + RESOURCE, e);
        }
    }
}
