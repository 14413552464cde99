package io.pastiche.cli;

import io.pastiche.model.Model;
import io.pastiche.model.ModelFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --model FILE}, shared by the commands that read a model.
 *
 * <p>It is required for now. When a default model ships, this is the one place to change: drop
 * {@code required = true} and let {@link #read()} load the default when {@link #file} is null; the commands only
 * call {@link #read()} and {@link #describe()}.
 */
final class ModelOption {

    @Option(names = {"-m", "--model"}, paramLabel = "FILE", required = true,
            description = "The model file (.safetensors): a trained network, or one made by 'pastiche create'.")
    Path file;

    /**
     * Reads the model: its architecture, weights and styles. No engine is loaded.
     *
     * @throws NoSuchFileException              if there is no such file
     * @throws io.pastiche.ModelFormatException if it is not a valid pastiche model
     */
    Model read() throws IOException {
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
        return file.toString();
    }
}
