package io.pastiche.djl;

import java.nio.file.Path;

/** Where the shared data folder keeps the real VGG-19 weights: {@code pastiche.sharedData}, set by surefire. */
final class RealVgg {

    private RealVgg() {
    }

    static Path file() {
        String shared = System.getProperty("pastiche.sharedData", "../shared/data");
        return Path.of(shared, "vgg", "vgg19-features.safetensors");
    }
}
