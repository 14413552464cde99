package io.pastiche.djl;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import io.pastiche.BackendException;
import io.pastiche.network.Block;
import io.pastiche.network.ConvLayer;
import io.pastiche.network.NetworkSpec;
import io.pastiche.network.ResidualBlock;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.spi.CompiledNetwork;
import io.pastiche.spi.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * A network spec with its convolution weights uploaded once to PyTorch. Thread-safe: any number of threads may
 * call {@link #forward} at once; each call works in its own child NDManager, closed before it returns, so its
 * native memory is freed whatever happens. {@link #close()} waits for calls in flight.
 */
final class DjlNetwork implements CompiledNetwork {

    private final NetworkSpec spec;
    private final List<DjlConv> convs;
    private final List<Step> steps;
    private final NDManager manager;
    private final Consumer<DjlNetwork> onClose;
    /** Calls share the read lock; close takes the write lock, so weights are never freed under a running call. */
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    /** One block of the spec: indices into {@link #convs}. A residual step has two; a plain one, one. */
    private record Step(int first, boolean residual) {
    }

    /**
     * @param manager owns the weights, closed with the network
     * @param weights one OIHW float32 array per convolution, as the SPI gives them
     * @param onClose told once when the network closes
     */
    DjlNetwork(NetworkSpec spec, List<float[]> weights, NDManager manager, Consumer<DjlNetwork> onClose) {
        List<ConvLayer> layers = spec.convolutions();
        if (weights.size() != layers.size()) {
            throw new IllegalArgumentException("the network has " + layers.size() + " convolutions, got "
                    + weights.size() + " weight arrays");
        }
        this.spec = spec;
        this.manager = manager;
        this.onClose = onClose;
        List<DjlConv> built = new ArrayList<>(layers.size());
        for (int i = 0; i < layers.size(); i++) {
            ConvLayer layer = layers.get(i);
            float[] w = weights.get(i);
            if (w == null || w.length != layer.weightCount()) {
                throw new IllegalArgumentException(layer.name() + " needs " + layer.weightCount() + " weights (OIHW "
                        + new Shape(layer.weightShape()) + "), got " + (w == null ? "null" : w.length));
            }
            built.add(new DjlConv(layer, manager.create(w, new Shape(layer.weightShape()))));
        }
        this.convs = List.copyOf(built);
        List<Step> plan = new ArrayList<>();
        int index = 0;
        for (Block block : spec.blocks()) {
            boolean residual = block instanceof ResidualBlock;
            plan.add(new Step(index, residual));
            index += block.convolutions().size();
        }
        this.steps = List.copyOf(plan);
    }

    @Override
    public Tensor forward(Tensor input, List<StyleEmbedding> styles) {
        check(input, styles);
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("this DJL network is closed");
            }
            return run(input, styles);
        } catch (EngineException e) {
            throw new BackendException("PyTorch failed to run the network on " + input + ": " + e.getMessage(), e);
        } finally {
            lock.readLock().unlock();
        }
    }

    private Tensor run(Tensor input, List<StyleEmbedding> styles) {
        // Inference only: no autograd graph. No array here requires a gradient, so none would be recorded anyway;
        // turning grad mode off (a per-thread PyTorch setting, restored after) makes that explicit and cheap.
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try (NDManager call = manager.newSubManager()) {
            NDArray x = call.create(input.data(), new Shape(input.shape()));
            for (Step step : steps) {
                NDArray next;
                if (step.residual()) {
                    NDArray h = apply(step.first(), x, styles);
                    next = apply(step.first() + 1, h, styles);
                    h.close();
                    next.addi(x);
                } else {
                    next = apply(step.first(), x, styles);
                }
                x.close();
                x = next;
            }
            long[] shape = x.getShape().getShape();
            return new Tensor(x.toFloatArray(), input.batch(), Math.toIntExact(shape[1]), Math.toIntExact(shape[2]),
                    Math.toIntExact(shape[3]));
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    private NDArray apply(int index, NDArray x, List<StyleEmbedding> styles) {
        DjlConv conv = convs.get(index);
        int channels = conv.layer().outChannels();
        float[] gamma = new float[styles.size() * channels];
        float[] beta = new float[styles.size() * channels];
        for (int b = 0; b < styles.size(); b++) {
            System.arraycopy(styles.get(b).gamma(index), 0, gamma, b * channels, channels);
            System.arraycopy(styles.get(b).beta(index), 0, beta, b * channels, channels);
        }
        return conv.apply(x, gamma, beta);
    }

    /** Fails before any native work, with a message naming what does not fit. */
    private void check(Tensor input, List<StyleEmbedding> styles) {
        List<ConvLayer> layers = spec.convolutions();
        if (input.channels() != layers.get(0).inChannels()) {
            throw new IllegalArgumentException("the network takes " + layers.get(0).inChannels() + " channels, got "
                    + input);
        }
        int minimum = spec.minimumInputSize();
        if (input.height() < minimum || input.width() < minimum) {
            throw new IllegalArgumentException("the network needs a side of at least " + minimum + ", got " + input);
        }
        if (styles.size() != input.batch()) {
            throw new IllegalArgumentException("one style embedding per image is needed: " + input.batch()
                    + " images, " + styles.size() + " embeddings");
        }
        for (int b = 0; b < styles.size(); b++) {
            StyleEmbedding style = styles.get(b);
            if (style.layers() != layers.size()) {
                throw new IllegalArgumentException("style embedding " + b + " has " + style.layers()
                        + " layers, the network " + layers.size());
            }
            for (int i = 0; i < layers.size(); i++) {
                int channels = layers.get(i).outChannels();
                if (style.gamma(i).length != channels) {
                    throw new IllegalArgumentException("style embedding " + b + ", layer " + layers.get(i).name()
                            + ": " + style.gamma(i).length + " values, the layer has " + channels + " channels");
                }
            }
        }
    }

    /**
     * Arrays the engine holds for this network, its calls included; for tests, which check that only the weights
     * outlive a call. -1 if the manager does not count them.
     */
    int liveArrays() {
        return manager instanceof BaseNDManager counted ? counted.getManagedArrays().size() : -1;
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            manager.close();
        } finally {
            lock.writeLock().unlock();
        }
        onClose.accept(this);
    }
}
