package io.pastiche.nd4j;

import com.google.auto.service.AutoService;
import io.pastiche.Device;
import io.pastiche.spi.Availability;
import io.pastiche.spi.BackendProvider;
import io.pastiche.spi.Engine;

/**
 * The {@code nd4j} backend: the network runs and trains on ND4J's CPU backend (oneDNN convolutions). Constructing
 * this provider and asking for its availability load no native library; {@link #start} does.
 */
@AutoService(BackendProvider.class)
public final class Nd4jBackendProvider implements BackendProvider {

    /** The name users select this backend by. */
    public static final String NAME = "nd4j";

    /**
     * Below djl (100) and tensorflow (110), so ND4J is chosen only by name or when alone: tensorflow is the fastest
     * or within 10 % of the fastest on every CPU measured, where ND4J took up to 1.28 times its time with AVX2
     * kernels (docs/spi.md).
     */
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

    /**
     * Loads ND4J with the native build this CPU runs best ({@link NativeBuildChoice}). ND4J's device is its
     * backend, chosen by the jar on the class path: nd4j-native runs on the CPU, nd4j-cuda on the GPU, one per JVM;
     * a device the loaded backend is not is refused, naming the jar to use instead.
     *
     * @param device where to run
     * @return the started engine
     * @throws io.pastiche.BackendException if no ND4J build can run here, it fails to load, or the loaded backend
     *                                      is not the device asked for
     */
    @Override
    public Engine start(Device device) {
        Nd4jRuntime.start();
        Nd4jRuntime.checkDevice(device);
        return new Nd4jEngine();
    }
}
