package io.pastiche.nd4j;

import io.pastiche.network.NetworkSpec;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.spi.Arguments;
import io.pastiche.spi.EngineFailures;
import io.pastiche.spi.CloseGuard;
import io.pastiche.spi.CompiledNetwork;
import io.pastiche.spi.Tensor;
import java.util.List;
import java.util.function.Consumer;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network spec with its convolution weights uploaded once to ND4J (HWIO). Thread-safe: the weights are only
 * read, and each call keeps its arrays in its own {@link Arena}, freed before it returns whatever happens.
 * {@link #close()} waits for calls in flight, then frees the weights.
 */
final class Nd4jNetwork implements CompiledNetwork {

    private final NetworkSpec spec;
    private final StyleNet net;
    private final Arena weightsArena = new Arena();
    private final List<InferenceConv> convs;
    private final Consumer<Nd4jNetwork> onClose;
    /** The weights are never freed under a running call. */
    private final CloseGuard guard = new CloseGuard("ND4J network");

    Nd4jNetwork(NetworkSpec spec, List<float[]> weights, Consumer<Nd4jNetwork> onClose) {
        Arguments.checkWeights(spec, weights);
        this.spec = spec;
        this.net = new StyleNet(spec);
        this.onClose = onClose;
        try {
            this.convs = net.inferenceConvs(net.upload(weights, weightsArena), weightsArena);
        } catch (RuntimeException e) {
            weightsArena.close();
            throw e;
        }
    }

    @Override
    public Tensor forward(Tensor input, List<StyleEmbedding> styles) {
        Arguments.checkInput(spec, input, styles);
        try {
            return guard.run(() -> run(input, styles));
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException | OutOfMemoryError e) {
            throw EngineFailures.of("ND4J", input, e);
        }
    }

    private Tensor run(Tensor input, List<StyleEmbedding> styles) {
        try (MemoryWorkspace workspace = Workspaces.open(Workspaces.CALL); Arena call = new Arena()) {
            INDArray x = Arrays4.upload(input, call);
            FeatureMaps maps = new FeatureMaps(spec, input.batch(), input.height(), input.width());
            return Arrays4.readTensor(net.infer(x, convs, net.planes(styles), maps));
        }
    }

    @Override
    public void close() {
        if (guard.close(weightsArena::close)) {
            onClose.accept(this);
        }
    }
}
