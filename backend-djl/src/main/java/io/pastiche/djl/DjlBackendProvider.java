package io.pastiche.djl;

import com.google.auto.service.AutoService;
import io.pastiche.Device;
import io.pastiche.spi.Availability;
import io.pastiche.spi.BackendProvider;
import io.pastiche.spi.Engine;

/**
 * The {@code djl} backend: the network runs on the PyTorch engine of Deep Java Library, on the CPU unless a CUDA
 * native artifact replaces the CPU one. Constructing this provider and asking for its availability load no native
 * library; {@link #start} does.
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

    /**
     * Starts PyTorch and opens a root manager on the device. GPU needs PyTorch's CUDA natives and a GPU they see
     * (docs/backend-djl.md); CPU uses the CPU even then.
     *
     * @param device where to run
     * @return the started engine
     * @throws io.pastiche.BackendException if PyTorch cannot be loaded, or a GPU is asked for and PyTorch sees none
     */
    @Override
    public Engine start(Device device) {
        return start(device, ConvStrips.DEFAULT);
    }

    /** The same, convolving in other strips (tests use small ones). */
    DjlEngine start(Device device, ConvStrips strips) {
        ai.djl.engine.Engine engine = DjlRuntime.start();
        return new DjlEngine(engine, DjlRuntime.device(engine, device), strips);
    }
}
