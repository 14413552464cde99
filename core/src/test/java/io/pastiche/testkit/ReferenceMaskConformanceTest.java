package io.pastiche.testkit;

import io.pastiche.spi.BackendProvider;

/** The mask suite on the reference backend itself: core's own paths (the plain call, tiles, the checks). */
class ReferenceMaskConformanceTest extends MaskConformanceKit {

    @Override
    protected BackendProvider provider() {
        return new ReferenceBackendProvider();
    }
}
