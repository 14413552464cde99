package io.pastiche.cli;

import io.pastiche.DefaultModel;
import io.pastiche.model.Model;
import io.pastiche.model.ModelFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --model FILE}, shared by the commands that read a model; without it, the model pastiche ships
 * ({@link DefaultModel}).
 */
final class ModelOption {

    @Option(names = {"-m", "--model"}, paramLabel = "FILE",
            description = "The model file (.safetensors): a trained network, or one made by 'pastiche create'. "
                    + "Default: the model pastiche ships (16 paintings; 'pastiche styles' lists them).")
    Path file;

    /**
     * Reads the model: its architecture, weights and styles. No engine is loaded.
     *
     * @throws NoSuchFileException              if there is no such file
     * @throws io.pastiche.ModelFormatException if it is not a valid pastiche model
     */
    Model read() throws IOException {
        if (file == null) {
            return DefaultModel.read();
        }
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        if (Files.isDirectory(file)) {
            throw new CliException("--model " + file + " is a folder; give a model file");
        }
        return ModelFile.read(file);
    }

    /** How messages name the model. */
    String describe() {
        return file == null ? "the default model" : file.toString();
    }
}
