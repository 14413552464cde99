package io.pastiche.spark;

import io.pastiche.LoadOptions;
import io.pastiche.ModelFormatException;
import io.pastiche.StyleNetwork;
import io.pastiche.model.ModelFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The networks of this JVM: one per model and backend, loaded by the first task that needs it, shared by every
 * task thread of the executor (a {@link StyleNetwork} is thread-safe), and closed when the JVM ends. Never one per
 * row or per task: loading costs seconds and the engine's memory.
 */
final class ExecutorNetworks {

    private static final Map<String, StyleNetwork> NETWORKS = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ExecutorNetworks::closeAll, "pastiche-spark-close"));
    }

    private ExecutorNetworks() {
    }

    /**
     * The network of a model, loaded once per JVM.
     *
     * @param model   the model (its bytes, or the default)
     * @param backend the backend's name, or null for the best available
     * @return the shared network; not to be closed by the caller
     */
    static StyleNetwork get(ModelSource model, String backend) {
        return NETWORKS.computeIfAbsent(model.id() + "@" + backend, key -> load(model, backend));
    }

    private static StyleNetwork load(ModelSource model, String backend) {
        LoadOptions options = LoadOptions.defaults().withBackend(backend);
        byte[] bytes = model.bytes();
        if (bytes == null) {
            return StyleNetwork.loadDefault(options);
        }
        try {
            return StyleNetwork.of(ModelFile.read(bytes, model.name()), options);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading from memory: the format was already checked
        } catch (ModelFormatException e) {
            throw new IllegalStateException("the model " + model.name() + " was checked on the driver", e);
        }
    }

    private static void closeAll() {
        NETWORKS.values().forEach(StyleNetwork::close);
        NETWORKS.clear();
    }
}
