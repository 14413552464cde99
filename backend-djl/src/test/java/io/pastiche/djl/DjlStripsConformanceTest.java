package io.pastiche.djl;

import io.pastiche.Device;
import io.pastiche.spi.Availability;
import io.pastiche.spi.BackendProvider;
import io.pastiche.spi.Engine;
import io.pastiche.testkit.BackendConformanceKit;

/**
 * Core's conformance suite on the DJL backend with every layer of CPU inference convolved in strips of a few rows
 * into pooled memory ({@link StripConvolution}, {@link MapPool}), which the default strips do only for maps of more
 * than 16 MiB: every form, batches of two, strips that end short, maps reused between layers and calls.
 */
class DjlStripsConformanceTest extends BackendConformanceKit {

    /** Any layer in strips, of at most 200 values: a few rows at the kit's sizes, one at the widest. */
    static final ConvStrips SMALL = new ConvStrips(1, 200);

    @Override
    protected BackendProvider provider() {
        return new SmallStrips();
    }

    /** The DJL provider whose engine convolves in {@link #SMALL} strips. */
    static final class SmallStrips implements BackendProvider {

        private final DjlBackendProvider djl = new DjlBackendProvider();

        @Override
        public String name() {
            return djl.name();
        }

        @Override
        public int rank() {
            return djl.rank();
        }

        @Override
        public Availability availability() {
            return djl.availability();
        }

        @Override
        public Engine start(Device device) {
            return djl.start(device, SMALL);
        }
    }
}
