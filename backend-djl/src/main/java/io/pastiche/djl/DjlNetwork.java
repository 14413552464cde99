package io.pastiche.djl;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import io.pastiche.network.NetworkSpec;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.spi.Arguments;
import io.pastiche.spi.EngineFailures;
import io.pastiche.spi.CloseGuard;
import io.pastiche.spi.CompiledNetwork;
import io.pastiche.spi.Tensor;
import java.util.List;
import java.util.function.Consumer;

/**
 * A network spec with its convolution weights uploaded once to PyTorch. Thread-safe: any number of threads may
 * call {@link #forward} at once; each call works in its own child NDManager, closed before it returns, so its
 * native memory is freed whatever happens. {@link #close()} waits for calls in flight.
 */
final class DjlNetwork implements CompiledNetwork {

    private final NetworkSpec spec;
    private final StyleForward forward;
    private final List<NDArray> weights;
    private final NDManager manager;
    private final Consumer<DjlNetwork> onClose;
    /** The weights are never freed under a running call. */
    private final CloseGuard guard = new CloseGuard("DJL network");

    /**
     * @param manager owns the weights, closed with the network
     * @param weights one OIHW float32 array per convolution, as the SPI gives them
     * @param onClose told once when the network closes
     */
    DjlNetwork(NetworkSpec spec, List<float[]> weights, NDManager manager, Consumer<DjlNetwork> onClose) {
        this.spec = spec;
        this.manager = manager;
        this.onClose = onClose;
        this.forward = new StyleForward(spec);
        this.weights = forward.upload(manager, weights, false);
    }

    @Override
    public Tensor forward(Tensor input, List<StyleEmbedding> styles) {
        Arguments.checkInput(spec, input, styles);
        try {
            return guard.run(() -> run(input, styles));
        } catch (EngineException | OutOfMemoryError e) {
            throw EngineFailures.of("PyTorch", input, e);
        }
    }

    private Tensor run(Tensor input, List<StyleEmbedding> styles) {
        // Inference only: no autograd graph. No array here requires a gradient, so none would be recorded anyway;
        // turning grad mode off (a per-thread PyTorch setting, restored after) makes that explicit and cheap.
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try (NDManager call = manager.newSubManager()) {
            NDArray x = forward.apply(call.create(input.data(), new Shape(input.shape())), weights,
                    CinArrays.upload(call, styles, spec.convolutions(), false));
            long[] shape = x.getShape().getShape();
            return new Tensor(x.toFloatArray(), input.batch(), Math.toIntExact(shape[1]), Math.toIntExact(shape[2]),
                    Math.toIntExact(shape[3]));
        } finally {
            JniUtils.setGradMode(gradMode);
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
        if (guard.close(manager::close)) {
            onClose.accept(this);
        }
    }
}
