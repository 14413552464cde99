package io.pastiche.djl;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The training computation on PyTorch: the style network (core's walk through {@link DjlLayers}, as inference),
 * the crop to the input size, the VGG loss network on the pastiche and on the content photos, the losses of the
 * {@link LossSpec}, and one backward pass. The loss network's weights are uploaded once; the style network's
 * weights and the batch's gamma/beta are uploaded per call, since core's trainer owns and updates them.
 *
 * <p>Each call works in its own child NDManager, closed in a {@code finally}: the autograd graph, the
 * gradients and every feature map are freed when it returns. Safe to use from one thread at a time, as the SPI
 * says; several computations may run on several threads at once (see {@link #backward}).
 */
final class DjlTraining implements EngineTraining {

    private final NetworkPlan plan;
    private final LossSpec loss;
    private final DjlLossNetwork lossNetwork;
    private final List<String> styleLayers;
    /** Per style layer, in the loss spec's order, the channels of its feature. */
    private final int[] styleChannels;
    private final NDManager manager;

    /**
     * @param manager owns the loss network's weights, closed with the computation
     * @throws IllegalArgumentException if the loss spec names a feature the loss network does not have
     */
    DjlTraining(NetworkPlan plan, LossNetwork lossNetwork, LossSpec loss, NDManager manager) {
        this.plan = plan;
        this.loss = loss;
        this.manager = manager;
        VggSpec vgg = lossNetwork.spec();
        this.styleLayers = List.copyOf(loss.styleWeights().keySet());
        this.styleChannels = new int[styleLayers.size()];
        for (int l = 0; l < styleLayers.size(); l++) {
            styleChannels[l] = vgg.channels(styleLayers.get(l));
        }
        this.lossNetwork = new DjlLossNetwork(lossNetwork, loss.features(), manager);
    }

    @Override
    public List<float[]> styleGrams(Tensor image) {
        return withCall(false, call -> {
            NDArray x = call.create(image.data(), new Shape(image.shape()));
            Map<String, NDArray> features = lossNetwork.features(x, styleLayers);
            List<float[]> grams = new ArrayList<>(styleLayers.size());
            for (String layer : styleLayers) {
                grams.add(DjlLosses.gram(features.get(layer)).toFloatArray());
            }
            return grams;
        });
    }

    @Override
    public Tensor contentFeatures(Tensor image) {
        return withCall(false, call -> {
            NDArray x = call.create(image.data(), new Shape(image.shape()));
            NDArray features = lossNetwork.features(x, List.of(loss.contentLayer())).get(loss.contentLayer());
            long[] shape = features.getShape().getShape();
            return new Tensor(features.toFloatArray(), 1, Math.toIntExact(shape[1]), Math.toIntExact(shape[2]),
                    Math.toIntExact(shape[3]));
        });
    }

    @Override
    public LossGradients lossAndGradients(List<float[]> weights, Tensor content, StyleBatch styles,
                                          List<List<float[]>> targets, boolean weightGradients) {
        // Autograd records only in grad mode.
        return withCall(true, call -> run(call, weights, content, styles, targets, weightGradients));
    }

    private LossGradients run(NDManager call, List<float[]> weights, Tensor content, StyleBatch styles,
                              List<List<float[]>> targets, boolean weightGradients) {
        List<NDArray> w = DjlLayers.upload(call, plan, weights, weightGradients, false);
        CinArrays cin = CinArrays.upload(call, styles, true);
        NDArray photos = call.create(content.data(), new Shape(content.shape()));

        NDArray pastiche = crop(DjlLayers.walk(plan, plan.all(), photos, w, cin), content.height(),
                content.width());
        Map<String, NDArray> features = lossNetwork.features(pastiche, loss.features());
        NDArray contentFeatures = contentFeatures(photos);

        NDArray contentLoss = DjlLosses.content(features.get(loss.contentLayer()), contentFeatures);
        NDArray total = DjlLosses.weighted(contentLoss, loss.contentWeight());
        List<NDArray> styleLosses = new ArrayList<>(styleLayers.size());
        for (int l = 0; l < styleLayers.size(); l++) {
            String layer = styleLayers.get(l);
            NDArray term = DjlLosses.style(features.get(layer), targets(call, targets, l));
            styleLosses.add(term);
            total = total.add(DjlLosses.weighted(term, loss.styleWeights().get(layer)));
        }
        NDArray tv = DjlLosses.totalVariation(pastiche);
        total = total.add(DjlLosses.weighted(tv, loss.totalVariationWeight()));

        backward(total);

        Map<String, Double> style = new LinkedHashMap<>();
        for (int l = 0; l < styleLayers.size(); l++) {
            style.put(styleLayers.get(l), (double) styleLosses.get(l).getFloat());
        }
        LossTerms terms = LossTerms.weighted(loss, contentLoss.getFloat(), style, tv.getFloat());
        List<float[]> weightGrads = new ArrayList<>();
        if (weightGradients) {
            for (NDArray weight : w) {
                weightGrads.add(CinArrays.gradient(weight));
            }
        }
        return new LossGradients(terms, weightGrads, cin.gradients(styles.batch()));
    }

    /** The content photos' features at the content layer: constants of the loss, so nothing is recorded. */
    private NDArray contentFeatures(NDArray photos) {
        JniUtils.setGradMode(false);
        try {
            return lossNetwork.features(photos, List.of(loss.contentLayer())).get(loss.contentLayer());
        } finally {
            JniUtils.setGradMode(true);
        }
    }

    /**
     * d total / d every leaf. Through {@link JniUtils#backward} rather than DJL's {@code GradientCollector}: the
     * PyTorch collector is a JVM-wide singleton (a second one, on any thread, throws "A PtGradientCollector is
     * already collecting"), where autograd itself is per thread; grad mode is handled by the caller.
     */
    private static void backward(NDArray total) {
        try (NDArray seed = total.onesLike()) {
            JniUtils.backward((PtNDArray) total, (PtNDArray) seed, false, false);
        }
    }

    /** The network's output cropped to the input size, top-left; the output itself when it is that size. */
    private static NDArray crop(NDArray output, int height, int width) {
        long[] s = output.getShape().getShape();
        if (s[2] == height && s[3] == width) {
            return output;
        }
        return output.get(new NDIndex(":, :, :{}, :{}", height, width));
    }

    /** The targets of style layer {@code l} for the batch, {@code [B, C, C]}. */
    private NDArray targets(NDManager call, List<List<float[]>> targets, int l) {
        int c = styleChannels[l];
        int size = c * c;
        float[] all = new float[targets.size() * size];
        for (int b = 0; b < targets.size(); b++) {
            System.arraycopy(targets.get(b).get(l), 0, all, b * size, size);
        }
        return call.create(all, new Shape(targets.size(), c, c));
    }

    /**
     * Runs one call in a child manager of its own, closed after, with PyTorch's grad mode (a per-thread setting)
     * set for it and restored after.
     */
    private <T> T withCall(boolean gradMode, Function<NDManager, T> work) {
        boolean before = JniUtils.isGradMode();
        JniUtils.setGradMode(gradMode);
        try (NDManager call = manager.newSubManager()) {
            return work.apply(call);
        } finally {
            JniUtils.setGradMode(before);
        }
    }

    /**
     * Arrays the engine holds for this computation, its calls included; for tests. -1 if the manager does not
     * count them.
     */
    int liveArrays() {
        return manager instanceof BaseNDManager counted ? counted.getManagedArrays().size() : -1;
    }

    @Override
    public void close() {
        manager.close();
    }
}
