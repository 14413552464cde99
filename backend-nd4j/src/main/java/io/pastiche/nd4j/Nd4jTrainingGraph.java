package io.pastiche.nd4j;

import io.pastiche.BackendException;
import io.pastiche.loss.LossSpec;
import io.pastiche.loss.LossTerms;
import io.pastiche.lossnet.LossNetwork;
import io.pastiche.lossnet.VggSpec;
import io.pastiche.network.ConvLayer;
import io.pastiche.network.NetworkSpec;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.spi.Arguments;
import io.pastiche.spi.CloseGuard;
import io.pastiche.spi.LossGradients;
import io.pastiche.spi.Tensor;
import io.pastiche.spi.TrainingGraph;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The training computation on ND4J with hand-written backward passes: the style network ({@link StyleNet}), the
 * crop to the input size, the VGG loss network on the pastiche and on the content photos, the losses, then the
 * backward pass through all of them. SameDiff is not used: building its gradient function prints a line per
 * operation to {@code System.out} (unconditionally, in 1.0.0-M2.1), and its {@code variance}, {@code gather} and
 * reflect-{@code pad} gradients are wrong.
 *
 * <p>The loss network's weights are uploaded once; the style network's weights and the batch's gamma/beta per
 * call. Each call keeps its arrays in its own {@link Arena}, freed when it returns. Safe to use from one thread
 * at a time, as the SPI says; several graphs may run on several threads at once.
 */
final class Nd4jTrainingGraph implements TrainingGraph {

    private final NetworkSpec spec;
    private final LossSpec loss;
    private final StyleNet net;
    private final Nd4jLossNetwork lossNetwork;
    private final VggSpec vgg;
    private final List<String> styleLayers;
    private final int[] styleChannels;
    private final Arena weightsArena = new Arena();
    private final Consumer<Nd4jTrainingGraph> onClose;
    /** The weights are never freed under a running call. */
    private final CloseGuard guard = new CloseGuard("ND4J training graph");

    Nd4jTrainingGraph(NetworkSpec spec, LossNetwork lossNetwork, LossSpec loss,
                      Consumer<Nd4jTrainingGraph> onClose) {
        this.spec = spec;
        this.loss = loss;
        this.onClose = onClose;
        this.net = new StyleNet(spec);
        this.vgg = lossNetwork.spec();
        this.styleLayers = List.copyOf(loss.styleWeights().keySet());
        this.styleChannels = new int[styleLayers.size()];
        for (int l = 0; l < styleLayers.size(); l++) {
            styleChannels[l] = vgg.channels(styleLayers.get(l));
        }
        try {
            this.lossNetwork = new Nd4jLossNetwork(lossNetwork, loss.features(), weightsArena);
        } catch (RuntimeException e) {
            weightsArena.close();
            throw e;
        }
    }

    @Override
    public List<float[]> styleGrams(Tensor image) {
        Arguments.checkStyleImage(vgg, loss, image);
        try {
            return withCall(call -> {
                Map<String, INDArray> features = lossNetwork.features(Arrays4.upload(image, call), styleLayers, call);
                List<float[]> grams = new ArrayList<>(styleLayers.size());
                for (String layer : styleLayers) {
                    grams.add(Arrays4.read(Nd4jLosses.gram(features.get(layer), call)));
                }
                return grams;
            });
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BackendException("ND4J failed to compute the style Grams of " + image + ": " + e.getMessage(), e);
        }
    }

    @Override
    public LossGradients lossAndGradients(List<float[]> weights, Tensor content, List<StyleEmbedding> styles,
                                          List<List<float[]>> targets, boolean weightGradients) {
        Arguments.checkWeights(spec, weights);
        Arguments.checkInput(spec, content, styles);
        Arguments.checkLossInput(vgg, loss, content);
        Arguments.checkStyleTargets(vgg, loss, targets, content.batch());
        try {
            return withCall(call -> run(call, weights, content, styles, targets, weightGradients));
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BackendException("ND4J failed to compute the training loss of " + content + ": "
                    + e.getMessage(), e);
        }
    }

    private LossGradients run(Arena call, List<float[]> weights, Tensor content, List<StyleEmbedding> styles,
                              List<List<float[]>> targets, boolean weightGradients) {
        List<INDArray> w = net.upload(weights, call);
        StyleNet.Cin cin = net.cin(styles, call);
        INDArray photos = Arrays4.upload(content, call);

        INDArray[] output = new INDArray[1];
        StyleNet.Tape tape = net.train(photos, w, cin, call, output);
        int h = content.height();
        int wd = content.width();
        INDArray pastiche = call.add(output[0].get(NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.interval(0, h), NDArrayIndex.interval(0, wd)).dup('c'));

        Nd4jLossNetwork.Pass pass = lossNetwork.train(pastiche, loss.features(), call);
        Map<String, INDArray> features = pass.features();
        INDArray contentFeatures = lossNetwork.features(photos, List.of(loss.contentLayer()), call)
                .get(loss.contentLayer());

        Map<String, INDArray> featureGrads = new HashMap<>();
        for (String name : loss.features()) {
            featureGrads.put(name, call.add(Nd4j.zerosLike(features.get(name))));
        }
        double contentLoss = Nd4jLosses.content(features.get(loss.contentLayer()), contentFeatures,
                loss.contentWeight(), featureGrads.get(loss.contentLayer()), call);
        Map<String, Double> style = new LinkedHashMap<>();
        for (int l = 0; l < styleLayers.size(); l++) {
            String layer = styleLayers.get(l);
            style.put(layer, Nd4jLosses.style(features.get(layer), targets(call, targets, l),
                    loss.styleWeights().get(layer), featureGrads.get(layer), call));
        }
        INDArray pasticheGrad = pass.backward(featureGrads);
        double tv = Nd4jLosses.totalVariation(pastiche, loss.totalVariationWeight(), pasticheGrad, call);

        INDArray outputGrad = call.add(Nd4j.zerosLike(output[0]));
        outputGrad.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, h),
                NDArrayIndex.interval(0, wd)).assign(pasticheGrad);
        List<ConvLayer> layers = spec.convolutions();
        INDArray[] weightGrads = weightGradients ? new INDArray[layers.size()] : null;
        INDArray[] gammaGrads = new INDArray[layers.size()];
        INDArray[] betaGrads = new INDArray[layers.size()];
        tape.backward(outputGrad, weightGrads, gammaGrads, betaGrads);

        LossTerms terms = LossTerms.weighted(loss, contentLoss, style, tv);
        List<float[]> weightOut = new ArrayList<>();
        if (weightGradients) {
            for (INDArray g : weightGrads) {
                weightOut.add(Arrays4.read(call.add(Conv.toOihw(g))));
            }
        }
        return new LossGradients(terms, weightOut, styleGradients(gammaGrads, betaGrads, styles.size()));
    }

    /** Splits the {@code [B*C, 1]} gamma/beta gradients of every layer into one embedding per image. */
    private List<StyleEmbedding> styleGradients(INDArray[] gammaGrads, INDArray[] betaGrads, int batch) {
        List<ConvLayer> layers = spec.convolutions();
        List<List<float[]>> gammas = new ArrayList<>();
        List<List<float[]>> betas = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            gammas.add(new ArrayList<>());
            betas.add(new ArrayList<>());
        }
        for (int i = 0; i < layers.size(); i++) {
            int c = layers.get(i).outChannels();
            float[] g = Arrays4.read(gammaGrads[i]);
            float[] be = Arrays4.read(betaGrads[i]);
            for (int b = 0; b < batch; b++) {
                gammas.get(b).add(java.util.Arrays.copyOfRange(g, b * c, (b + 1) * c));
                betas.get(b).add(java.util.Arrays.copyOfRange(be, b * c, (b + 1) * c));
            }
        }
        List<StyleEmbedding> out = new ArrayList<>(batch);
        for (int b = 0; b < batch; b++) {
            out.add(new StyleEmbedding(gammas.get(b), betas.get(b)));
        }
        return out;
    }

    /** The targets of style layer {@code l} for the batch, {@code [B, C, C]}. */
    private INDArray targets(Arena call, List<List<float[]>> targets, int l) {
        int c = styleChannels[l];
        int size = c * c;
        float[] all = new float[targets.size() * size];
        for (int b = 0; b < targets.size(); b++) {
            System.arraycopy(targets.get(b).get(l), 0, all, b * size, size);
        }
        return Arrays4.upload(all, new long[] {targets.size(), c, c}, call);
    }

    /** Runs one call while the graph is open, in the call's workspace and an arena of its own, both closed after. */
    private <T> T withCall(Function<Arena, T> work) {
        return guard.run(() -> {
            try (MemoryWorkspace workspace = Workspaces.open(Workspaces.CALL); Arena call = new Arena()) {
                return work.apply(call);
            }
        });
    }

    @Override
    public void close() {
        if (guard.close(weightsArena::close)) {
            onClose.accept(this);
        }
    }
}
