package io.pastiche.train;

import io.pastiche.loss.LossSpec;
import io.pastiche.loss.LossTerms;
import io.pastiche.lossnet.LossNetwork;
import io.pastiche.Device;
import io.pastiche.plan.NetworkPlan;
import io.pastiche.plan.StyleBatch;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.spi.Availability;
import io.pastiche.spi.BackendProvider;
import io.pastiche.spi.Engine;
import io.pastiche.spi.EngineNetwork;
import io.pastiche.spi.EngineTraining;
import io.pastiche.spi.LossGradients;
import io.pastiche.tensor.Tensor;
import io.pastiche.testkit.ReferenceBackendProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A backend named {@code toy} whose training loss is a quadratic with analytic gradients, for testing the
 * trainer's mechanics (Adam, rows, checkpoints, resume, guards) in milliseconds without an engine. Each photo
 * pulls its style's gamma towards 1 + (the style image's mean) and beta towards its own mean; a small term pulls
 * the weights towards 0. Inference is the float64 reference.
 */
public final class ToyTrainingBackendProvider implements BackendProvider {

    /** When positive, the graphs compiled from now on return a NaN loss from their call number this on. */
    static volatile int nanFromCall;

    @Override
    public String name() {
        return "toy";
    }

    @Override
    public int rank() {
        return -200;
    }

    @Override
    public Availability availability() {
        return Availability.yes();
    }

    @Override
    public Engine start(Device device) {
        Engine reference = new ReferenceBackendProvider().start(device);
        return new Engine() {
            @Override
            public String engineName() {
                return "toy";
            }

            @Override
            public Class<? extends Throwable> failureType() {
                return reference.failureType();
            }

            @Override
            public EngineNetwork compile(NetworkPlan plan, List<float[]> weights) {
                return reference.compile(plan, weights);
            }

            @Override
            public EngineTraining compileTraining(NetworkPlan plan, LossNetwork lossNetwork, LossSpec loss) {
                return new ToyGraph(lossNetwork, loss, nanFromCall, new int[1]);
            }

            @Override
            public void close() {
                reference.close();
            }
        };
    }

    private record ToyGraph(LossNetwork lossNetwork, LossSpec loss, int nanFromCall, int[] calls)
            implements EngineTraining {

        @Override
        public Tensor contentFeatures(Tensor image) {
            // the image's mean, as one value
            return new Tensor(new float[] {(float) mean(image.data(), 0, image.data().length)}, 1, 1, 1, 1);
        }

        @Override
        public List<float[]> styleGrams(Tensor image) {
            List<float[]> grams = new ArrayList<>();
            // Every entry the image's mean, in the shape the loss network's layers give (C x C).
            for (String layer : loss.styleWeights().keySet()) {
                int c = lossNetwork.spec().channels(layer);
                float[] gram = new float[c * c];
                java.util.Arrays.fill(gram, (float) mean(image.data(), 0, image.data().length));
                grams.add(gram);
            }
            return grams;
        }

        @Override
        public LossGradients lossAndGradients(List<float[]> weights, Tensor content, StyleBatch batchStyles,
                                              List<List<float[]>> targets, boolean weightGradients) {
            List<StyleEmbedding> styles = batchStyles.embeddings();
            int batch = content.batch();
            int plane = content.data().length / batch;
            double contentTerm = 0;
            Map<String, Double> style = new LinkedHashMap<>();
            List<String> layers = List.copyOf(loss.styleWeights().keySet());
            layers.forEach(l -> style.put(l, 0.0));
            List<StyleEmbedding> gradients = new ArrayList<>();
            for (int b = 0; b < batch; b++) {
                double gammaTarget = 1 + targets.get(b).get(0)[0];
                double betaTarget = mean(content.data(), b * plane, plane);
                StyleEmbedding s = styles.get(b);
                List<float[]> dGamma = new ArrayList<>();
                List<float[]> dBeta = new ArrayList<>();
                for (int l = 0; l < s.layers(); l++) {
                    float[] gamma = s.gamma(l);
                    float[] beta = s.beta(l);
                    float[] gg = new float[gamma.length];
                    float[] gb = new float[beta.length];
                    double gammaSum = 0;
                    for (int c = 0; c < gamma.length; c++) {
                        gammaSum += Math.pow(gamma[c] - gammaTarget, 2);
                        contentTerm += Math.pow(beta[c] - betaTarget, 2) / batch;
                        gg[c] = (float) (2 * (gamma[c] - gammaTarget) / batch);
                        gb[c] = (float) (2 * (beta[c] - betaTarget) / batch);
                    }
                    style.merge(layers.get(l % layers.size()), gammaSum / batch, Double::sum);
                    dGamma.add(gg);
                    dBeta.add(gb);
                }
                gradients.add(new StyleEmbedding(dGamma, dBeta));
            }
            double weightTerm = 0;
            List<float[]> dWeights = new ArrayList<>();
            for (float[] w : weights) {
                float[] g = new float[w.length];
                for (int i = 0; i < w.length; i++) {
                    weightTerm += 1e-3 * w[i] * w[i];
                    g[i] = (float) (2e-3 * w[i]);
                }
                dWeights.add(g);
            }
            double total = contentTerm + weightTerm + style.values().stream().mapToDouble(Double::doubleValue).sum();
            if (nanFromCall > 0 && ++calls[0] >= nanFromCall) {
                total = Double.NaN;
            }
            return new LossGradients(new LossTerms(contentTerm, style, weightTerm, total),
                    weightGradients ? dWeights : List.of(), gradients);
        }

        @Override
        public void close() {
        }

        private static double mean(float[] data, int from, int length) {
            double sum = 0;
            for (int i = from; i < from + length; i++) {
                sum += data[i];
            }
            return sum / length;
        }
    }
}
