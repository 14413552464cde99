package io.pastiche.djl;

import com.google.auto.service.AutoService;
import ai.djl.engine.Engine;
import io.pastiche.Device;
import io.pastiche.spi.Availability;
import io.pastiche.spi.Backend;
import io.pastiche.spi.BackendProvider;

/**
 * The {@code djl} backend: the network runs on the PyTorch engine of Deep Java Library, on the CPU unless a CUDA
 * native artifact replaces the CPU one. Constructing this provider and asking for its availability load no native
 * library; {@link #open()} does.
 */
@AutoService(BackendProvider.class)
public final class DjlBackendProvider implements BackendProvider {

    /** The name users select this backend by. */
    public static final String NAME = "djl";

    /** Rank among providers when none is named; a reference engine for the others to be compared with. */
    public static final int RANK = 100;

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
        return Probe.check(DjlBackendProvider.class.getClassLoader());
    }

    @Override
    public Backend open() {
        return open(Device.AUTO);
    }

    /** GPU needs PyTorch's CUDA natives and a GPU they see (docs/backend-djl.md); CPU uses the CPU even then. */
    @Override
    public Backend open(Device device) {
        Engine engine = PyTorch.start();
        return new DjlBackend(engine, PyTorch.device(engine, device));
    }
}
