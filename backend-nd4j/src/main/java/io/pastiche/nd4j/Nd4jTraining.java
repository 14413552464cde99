package io.pastiche.nd4j;

import io.pastiche.loss.LossSpec;
import io.pastiche.loss.LossTerms;
import io.pastiche.lossnet.LossNetwork;
import io.pastiche.lossnet.VggSpec;
import io.pastiche.plan.NetworkPlan;
import io.pastiche.plan.StyleBatch;
import io.pastiche.spi.EngineTraining;
import io.pastiche.spi.LossGradients;
import io.pastiche.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The training computation on ND4J with hand-written backward passes: the style network (core's walk, recorded
 * on a {@link Nd4jTape}), the crop to the input size, the VGG loss network on the pastiche and on the content
 * photos, the losses, then the backward pass through all of them. SameDiff is not used: building its gradient function prints a line per
 * operation to {@code System.out} (unconditionally, in 1.0.0-M2.1), and its {@code variance}, {@code gather} and
 * reflect-{@code pad} gradients are wrong.
 *
 * <p>The loss network's weights are uploaded once; the style network's weights and the batch's gamma/beta per
 * call. Each call keeps its arrays in its own {@link Arena}, freed when it returns. Safe to use from one thread
 * at a time, as the SPI says; several graphs may run on several threads at once.
 */
final class Nd4jTraining implements EngineTraining {

    private final NetworkPlan plan;
    private final LossSpec loss;
    private final Nd4jLossNetwork lossNetwork;
    private final VggSpec vgg;
    private final List<String> styleLayers;
    private final int[] styleChannels;
    private final Arena weightsArena = new Arena();

    Nd4jTraining(NetworkPlan plan, LossNetwork lossNetwork, LossSpec loss) {
        this.plan = plan;
        this.loss = loss;
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
        return withCall(call -> {
            Map<String, INDArray> features = lossNetwork.features(Arrays4.upload(image, call), styleLayers, call);
            List<float[]> grams = new ArrayList<>(styleLayers.size());
            for (String layer : styleLayers) {
                grams.add(Arrays4.read(Nd4jLosses.gram(features.get(layer), call)));
            }
            return grams;
        });
    }

    @Override
    public Tensor contentFeatures(Tensor image) {
        return withCall(call -> {
            String layer = loss.contentLayer();
            return Arrays4.readTensor(lossNetwork.features(Arrays4.upload(image, call), List.of(layer), call)
                    .get(layer));
        });
    }

    @Override
    public LossGradients lossAndGradients(List<float[]> weights, Tensor content, StyleBatch styles,
                                          List<List<float[]>> targets, boolean weightGradients) {
        return withCall(call -> run(call, weights, content, styles, targets, weightGradients));
    }

    private LossGradients run(Arena call, List<float[]> weights, Tensor content, StyleBatch styles,
                              List<List<float[]>> targets, boolean weightGradients) {
        List<INDArray> w = Nd4jLayers.upload(plan, weights, call);
        Nd4jTape tape = new Nd4jTape(w, styles, call);
        INDArray photos = Arrays4.upload(content, call);

        INDArray output = plan.walk(tape, photos);
        int h = content.height();
        int wd = content.width();
        INDArray pastiche = call.add(output.get(NDArrayIndex.all(), NDArrayIndex.all(),
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

        INDArray outputGrad = call.add(Nd4j.zerosLike(output));
        outputGrad.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, h),
                NDArrayIndex.interval(0, wd)).assign(pasticheGrad);
        int layers = plan.layers().size();
        Nd4jTape.Gradients grads = new Nd4jTape.Gradients(weightGradients ? new INDArray[layers] : null,
                new INDArray[layers], new INDArray[layers]);
        tape.backward(outputGrad, grads);

        LossTerms terms = LossTerms.weighted(loss, contentLoss, style, tv);
        List<float[]> weightOut = new ArrayList<>();
        if (weightGradients) {
            for (INDArray g : grads.weights()) {
                weightOut.add(Arrays4.read(call.add(Conv.toOihw(g))));
            }
        }
        List<float[]> gammaOut = new ArrayList<>(layers);
        List<float[]> betaOut = new ArrayList<>(layers);
        for (int i = 0; i < layers; i++) {
            gammaOut.add(Arrays4.read(grads.gamma()[i]));
            betaOut.add(Arrays4.read(grads.beta()[i]));
        }
        return new LossGradients(terms, weightOut,
                StyleBatch.ofRows(styles.batch(), gammaOut, betaOut).embeddings());
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

    /** Runs one call in the call's workspace and an arena of its own, both closed after. */
    private static <T> T withCall(Function<Arena, T> work) {
        try (MemoryWorkspace workspace = Workspaces.open(Workspaces.CALL); Arena call = new Arena()) {
            return work.apply(call);
        }
    }

    @Override
    public void close() {
        weightsArena.close();
    }
}
