package io.pastiche.nd4j;

import com.google.auto.service.AutoService;
import io.pastiche.Device;
import io.pastiche.spi.Availability;
import io.pastiche.spi.Backend;
import io.pastiche.spi.BackendProvider;

/**
 * The {@code nd4j} backend: the network runs and trains on ND4J's CPU backend (oneDNN convolutions). Constructing
 * this provider and asking for its availability load no native library; {@link #open()} does.
 */
@AutoService(BackendProvider.class)
public final class Nd4jBackendProvider implements BackendProvider {

    /** The name users select this backend by. */
    public static final String NAME = "nd4j";

    /** Below djl (100) and tensorflow (110): both are faster here, so ND4J is chosen only by name or when alone. */
    public static final int RANK = 50;

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
        return Probe.check(Nd4jBackendProvider.class.getClassLoader());
    }

    @Override
    public Backend open() {
        return open(Device.AUTO);
    }

    /**
     * ND4J's device is its backend, chosen by the jar on the class path: nd4j-native runs on the CPU, nd4j-cuda on
     * the GPU, one per JVM. A device the loaded backend is not is refused, naming the jar to use instead.
     */
    @Override
    public Backend open(Device device) {
        Nd4jEngine.start();
        Nd4jEngine.checkDevice(device);
        return new Nd4jBackend();
    }
}
