package io.pastiche.testkit;

import io.pastiche.BackendException;
import io.pastiche.Device;
import io.pastiche.plan.LayerRange;
import io.pastiche.plan.NetworkPlan;
import io.pastiche.plan.StyleBatch;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.spi.Availability;
import io.pastiche.spi.BackendProvider;
import io.pastiche.spi.Engine;
import io.pastiche.spi.EngineNetwork;
import io.pastiche.tensor.Tensor;
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
    public Engine start(Device device) {
        if (device == Device.GPU) {
            throw new BackendException("the reference backend has no GPU support; use one that has (docs/spi.md)");
        }
        return new Engine() {
            @Override
            public String engineName() {
                return "reference";
            }

            @Override
            public Class<? extends Throwable> failureType() {
                return ArithmeticException.class;
            }

            @Override
            public EngineNetwork compile(NetworkPlan plan, List<float[]> weights) {
                List<float[]> copies = weights.stream().map(float[]::clone).toList();
                ReferenceNetwork reference = new ReferenceNetwork(plan.spec(), copies);
                return new EngineNetwork() {
                    @Override
                    public Tensor run(LayerRange range, Tensor input, StyleBatch styles) {
                        List<StyleEmbedding> embeddings = styles.embeddings();
                        FeatureMap first = null;
                        float[] out = null;
                        for (int n = 0; n < input.batch(); n++) {
                            FeatureMap image = styles.masked() ? reference.forward(input, n, styles)
                                    : reference.forward(range, input, n, embeddings.get(n));
                            if (out == null) {
                                first = image;
                                out = new float[input.batch() * image.data().length];
                            }
                            for (int i = 0; i < image.data().length; i++) {
                                out[n * image.data().length + i] = (float) image.data()[i];
                            }
                        }
                        return new Tensor(out, input.batch(), first.channels(), first.height(), first.width());
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
