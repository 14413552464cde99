package io.pastiche.spi;

import io.pastiche.loss.LossSpec;
import io.pastiche.lossnet.LossNetwork;
import io.pastiche.plan.NetworkPlan;

import java.util.List;
import java.util.OptionalLong;

/**
 * What a backend implements once its engine is started ({@link BackendProvider#start}): it compiles networks and
 * training computations. Core wraps what it compiles ({@link Backend}, {@link CompiledNetwork},
 * {@link TrainingGraph}) with the argument checks, the close guard, the record of open handles and the one
 * engine-failure policy, so an engine sees only arguments that fit and is never closed under a running call.
 * docs/spi.md shows a whole backend.
 */
public interface Engine extends AutoCloseable {

    /**
     * The engine's name as messages show it.
     *
     * @return for example {@code TensorFlow} or {@code PyTorch}
     */
    String engineName();

    /**
     * What the engine throws when it fails during a call. Core reports such a failure, an
     * {@link OutOfMemoryError}, or JavaCPP's null pointer of a buffer that could not be allocated, as a
     * {@link io.pastiche.NativeMemoryException} when it is a failed allocation, else as a
     * {@link io.pastiche.BackendException}; anything else propagates unchanged.
     *
     * @return the engine's exception type, for example TensorFlow's {@code TensorFlowException}
     */
    Class<? extends Throwable> failureType();

    /**
     * Builds the engine's program for a network and its convolution weights, which core has checked against the
     * network. The weights are not retained by reference: the caller may reuse the arrays.
     *
     * @param plan    the network and how each layer is computed; {@link NetworkPlan#walk} runs it through the
     *                engine's {@link io.pastiche.plan.LayerOps}
     * @param weights one array per layer, OIHW, row-major float32
     * @return the program; safe to run from many threads at once
     */
    EngineNetwork compile(NetworkPlan plan, List<float[]> weights);

    /**
     * Builds the training computation for a network, a loss network and the losses. The default is for engines
     * that cannot train: it throws {@link UnsupportedOperationException}, which core reports as a
     * {@link io.pastiche.BackendException}.
     *
     * @param plan        the style network's plan
     * @param lossNetwork the loss network with its weights
     * @param loss        the loss layers and weights
     * @return the training computation, for one thread at a time
     */
    default EngineTraining compileTraining(NetworkPlan plan, LossNetwork lossNetwork, LossSpec loss) {
        throw new UnsupportedOperationException("cannot train");
    }

    /**
     * The native memory this engine still lets the process take, where its allocator enforces a limit of its own
     * (JavaCPP, under TensorFlow Java and ND4J, refuses allocations once the process's resident memory passes
     * {@code org.bytedeco.javacpp.maxPhysicalBytes}, by default four times the heap's maximum). Core's default memory
     * budget stays within it, so that a large call is tiled or spilled instead of failing part-way.
     *
     * @return bytes left under the engine's limit; empty (the default) if it has none
     */
    default OptionalLong memoryLeft() {
        return OptionalLong.empty();
    }

    /**
     * The most values (inputs and outputs, all images) one engine call of a tiled run should hold, where this engine
     * is faster with smaller calls than core plans ({@link io.pastiche.tiling.TilePlan}, up to 32 M values): for
     * example, an allocator that takes fresh memory from the system for every array above a size, which costs a
     * page fault and the zeroing of each page on every call.
     *
     * @return values, at least 1; empty (the default) for core's plan
     */
    default OptionalLong mostTileValues() {
        return OptionalLong.empty();
    }

    /** Releases the engine. Core calls it once, after closing every program compiled on it. */
    @Override
    void close();
}
