package io.pastiche.train;

import io.pastiche.ModelFormatException;
import io.pastiche.files.AtomicWrite;
import io.pastiche.model.DType;
import io.pastiche.model.Manifest;
import io.pastiche.model.Model;
import io.pastiche.model.SafetensorsReader;
import io.pastiche.model.SafetensorsWriter;
import io.pastiche.model.TensorEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A training checkpoint: one safetensors file holding the model's tensors under their model-file names, Adam's
 * moments of every trained tensor ({@code adam.m.<name>}, {@code adam.v.<name>}), the model's manifest, and
 * {@code checkpoint.*} metadata: the steps done, the first trained style, and the settings that decide the
 * trajectory. Written atomically, in float32, so a resumed run continues exactly where the checkpoint was taken.
 */
public final class Checkpoint {

    static final String STEP = "checkpoint.step";
    static final String FIRST_TRAINED_STYLE = "checkpoint.first_trained_style";
    static final String TRAJECTORY = "checkpoint.trajectory";
    private static final Pattern COUNT = Pattern.compile("0|[1-9][0-9]{0,17}");

    private Checkpoint() {
    }

    static void write(TrainingState state, String trajectory, Path path) throws IOException {
        Map<String, String> metadata = new LinkedHashMap<>(Manifest.of(state.template).toMetadata());
        metadata.put(STEP, Long.toString(state.step));
        metadata.put(FIRST_TRAINED_STYLE, Integer.toString(state.firstTrainedStyle));
        metadata.put(TRAJECTORY, trajectory);
        SafetensorsWriter writer = new SafetensorsWriter(DType.F32, metadata);
        for (Parameter p : state.all()) {
            writer.add(p.name, p.shape, p.values);
        }
        for (Parameter p : state.all()) {
            if (p.trains()) {
                writer.add("adam.m." + p.name, p.shape, p.m);
                writer.add("adam.v." + p.name, p.shape, p.v);
            }
        }
        AtomicWrite.write(path, writer::writeTo);
    }

    /**
     * Reads a checkpoint for a run with the given trajectory settings.
     *
     * @throws ModelFormatException if the file is not a checkpoint, is damaged (its data does not match its
     *                              checksum) or holds NaN or infinite values
     * @throws CheckpointException  if it was written by a run whose trajectory settings differ (the message names
     *                              both)
     */
    static TrainingState read(Path path, String expectedTrajectory) throws IOException {
        String file = path.toString();
        try (SafetensorsReader reader = SafetensorsReader.open(path)) {
            Map<String, String> metadata = metadata(reader, file);
            String trajectory = metadata.get(TRAJECTORY);
            if (!expectedTrajectory.equals(trajectory)) {
                throw new CheckpointException(file + ": the checkpoint was written by a run with other settings ("
                        + trajectory + ") than this one (" + expectedTrajectory + "); resume with the same "
                        + "batch, crop, learning rate, seed, loss, style image size and loss network, or start a "
                        + "new run");
            }
            return readState(reader, metadata, file);
        }
    }

    /**
     * The model a checkpoint holds, to stylize with a run's intermediate state.
     *
     * @param path a checkpoint a {@link Trainer} wrote
     * @return the model at the checkpoint's step
     * @throws IOException                     if the file cannot be read
     * @throws io.pastiche.ModelFormatException if the file is not a valid checkpoint or is damaged
     */
    public static Model model(Path path) throws IOException {
        String file = path.toString();
        try (SafetensorsReader reader = SafetensorsReader.open(path)) {
            return readState(reader, metadata(reader, file), file).toModel();
        }
    }

    private static Map<String, String> metadata(SafetensorsReader reader, String file) {
        return reader.header().metadata().orElseThrow(() -> new ModelFormatException(
                file + ": not a pastiche checkpoint (no __metadata__)"));
    }

    private static TrainingState readState(SafetensorsReader reader, Map<String, String> metadata, String file)
            throws IOException {
        Manifest manifest = Manifest.fromMetadata(metadata, file);
        reader.checkIntegrity(); // damage found here is named as such, not later blamed on the learning rate
        long step = count(metadata, STEP, file);
        long first = count(metadata, FIRST_TRAINED_STYLE, file);
        if (first >= manifest.styles().size()) {
            throw new ModelFormatException(file + ": __metadata__ '" + FIRST_TRAINED_STYLE + "' is " + first
                    + " but the model has " + manifest.styles().size() + " styles");
        }
        // A model of the right shapes, whose values are then replaced by the checkpoint's.
        Model blank = Model.untrained(manifest.spec(), manifest.alpha(),
                manifest.styles().stream().map(s -> s.name()).toList(), 0);
        Model shaped = new Model(manifest.spec(), manifest.alpha(), blank.weights(), blank.cin(), manifest.styles());
        TrainingState state = new TrainingState(shaped, (int) first);
        for (Parameter p : state.all()) {
            fill(reader, p.name, p.shape, p.values, file);
            if (p.trains()) {
                fill(reader, "adam.m." + p.name, p.shape, p.m, file);
                fill(reader, "adam.v." + p.name, p.shape, p.v, file);
            }
        }
        state.step = step;
        return state;
    }

    private static void fill(SafetensorsReader reader, String name, long[] shape, float[] into, String file)
            throws IOException {
        TensorEntry entry = reader.header().tensor(name).orElseThrow(() -> new ModelFormatException(
                file + ": checkpoint tensor '" + name + "' is missing; the file is not a complete checkpoint"));
        if (!Arrays.equals(entry.shape(), shape)) {
            throw new ModelFormatException(file + ": checkpoint tensor '" + name + "' has shape "
                    + Arrays.toString(entry.shape()) + ", expected " + Arrays.toString(shape));
        }
        System.arraycopy(reader.floats(entry), 0, into, 0, into.length);
    }

    private static long count(Map<String, String> metadata, String key, String file) {
        String value = metadata.get(key);
        if (value == null || !COUNT.matcher(value).matches()) {
            throw new ModelFormatException(file + ": __metadata__ '" + key + "' is " + value
                    + "; not a pastiche checkpoint");
        }
        return Long.parseLong(value);
    }
}
