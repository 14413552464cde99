package io.pastiche.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.pastiche.network.NetworkSpec;
import io.pastiche.spi.Backend;
import io.pastiche.spi.CompiledNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The opened DJL backend: a root NDManager on PyTorch's CPU (or default) device. Every compiled network owns a
 * child of it; closing the backend closes the networks still open, then the root.
 */
final class DjlBackend implements Backend {

    private final NDManager root;
    private final Set<DjlNetwork> networks = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    DjlBackend(Engine engine) {
        this.root = engine.newBaseManager();
    }

    @Override
    public String name() {
        return DjlBackendProvider.NAME;
    }

    @Override
    public CompiledNetwork compile(NetworkSpec spec, List<float[]> weights) {
        if (closed) {
            throw new IllegalStateException("this DJL backend is closed");
        }
        NDManager manager = root.newSubManager();
        DjlNetwork network;
        try {
            network = new DjlNetwork(spec, weights, manager, networks::remove);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
        networks.add(network);
        return network;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (DjlNetwork network : new ArrayList<>(networks)) {
            network.close();
        }
        root.close();
    }

    @Override
    public String toString() {
        return "DjlBackend[PyTorch " + Engine.getEngine(PyTorch.ENGINE_NAME).getVersion() + ", "
                + root.getDevice() + "]";
    }
}
