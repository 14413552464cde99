package io.pastiche.testkit;

import io.pastiche.network.NetworkSpec;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.spi.Availability;
import io.pastiche.spi.Backend;
import io.pastiche.spi.BackendProvider;
import io.pastiche.spi.CompiledNetwork;
import io.pastiche.spi.Tensor;
import java.util.List;

/**
 * {@link ReferenceNetwork} as a backend named {@code reference}, so that core's own tests run
 * {@link io.pastiche.StyleNetwork} without an engine. Registered for ServiceLoader in core's test resources
 * only (kept out of the test-jar); slow, for small images.
 */
public final class ReferenceBackendProvider implements BackendProvider {

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public int rank() {
        return -100;
    }

    @Override
    public Availability availability() {
        return Availability.yes();
    }

    @Override
    public Backend open() {
        return new Backend() {
            @Override
            public String name() {
                return "reference";
            }

            @Override
            public CompiledNetwork compile(NetworkSpec spec, List<float[]> weights) {
                List<float[]> copies = weights.stream().map(float[]::clone).toList();
                ReferenceNetwork reference = new ReferenceNetwork(spec, copies);
                return new CompiledNetwork() {
                    @Override
                    public Tensor forward(Tensor input, List<StyleEmbedding> styles) {
                        int side = spec.outputSize(input.height());
                        int sideW = spec.outputSize(input.width());
                        float[] out = new float[input.batch() * 3 * side * sideW];
                        for (int n = 0; n < input.batch(); n++) {
                            double[] image = reference.forward(input, n, styles.get(n)).data();
                            for (int i = 0; i < image.length; i++) {
                                out[n * image.length + i] = (float) image[i];
                            }
                        }
                        return new Tensor(out, input.batch(), 3, side, sideW);
                    }

                    @Override
                    public void close() {
                    }
                };
            }

            @Override
            public void close() {
            }
        };
    }
}
