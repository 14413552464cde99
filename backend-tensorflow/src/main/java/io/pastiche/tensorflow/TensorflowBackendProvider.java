package io.pastiche.tensorflow;

import com.google.auto.service.AutoService;
import io.pastiche.Device;
import io.pastiche.spi.Availability;
import io.pastiche.spi.BackendProvider;
import io.pastiche.spi.Engine;

/**
 * The {@code tensorflow} backend: the network runs as a TensorFlow graph through TensorFlow Java, on the CPU unless
 * the GPU native artifact replaces the CPU one. Constructing this provider and asking for its availability load no
 * native library; {@link #start} does.
 */
@AutoService(BackendProvider.class)
public final class TensorflowBackendProvider implements BackendProvider {

    /** The name users select this backend by. */
    public static final String NAME = "tensorflow";

    /**
     * Rank among providers when none is named: above {@code djl} (100), because it was measured faster on the
     * same machine for inference and for training (docs/backend-tensorflow.md).
     */
    public static final int RANK = 110;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int rank() {
        return RANK;
    }

    @Override
    public Availability availability() {
        return Probe.check(TensorflowBackendProvider.class.getClassLoader());
    }

    /**
     * Loads TensorFlow (once per JVM) and places its sessions on a device: CPU hides any GPU from TensorFlow's
     * sessions; GPU checks that TensorFlow sees one (the GPU natives).
     *
     * @param device where the sessions run
     * @return the started engine
     * @throws io.pastiche.BackendException if TensorFlow cannot be loaded, or a GPU is asked for and it has none
     */
    @Override
    public Engine start(Device device) {
        return new TensorflowEngine(TensorflowRuntime.start().on(device));
    }
}
