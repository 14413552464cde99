package io.pastiche.tensorflow;

import io.pastiche.loss.LossSpec;
import io.pastiche.lossnet.LossNetwork;
import io.pastiche.plan.NetworkPlan;
import io.pastiche.spi.Engine;
import java.util.List;
import java.util.OptionalLong;
import org.bytedeco.javacpp.Pointer;
import org.tensorflow.exceptions.TensorFlowException;

/**
 * TensorFlow started on a device. Each compiled network and training computation owns its own TensorFlow graph
 * and session, so the engine itself holds nothing to free; core closes what was compiled before it closes this.
 * Thread-safe.
 */
final class TensorflowEngine implements Engine {

    private final TensorflowRuntime runtime;

    TensorflowEngine(TensorflowRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public String engineName() {
        return "TensorFlow";
    }

    /** JavaCPP's limit on the process's resident memory, less what the process holds now. */
    @Override
    public OptionalLong memoryLeft() {
        long limit = Pointer.maxPhysicalBytes();
        return limit > 0 ? OptionalLong.of(Math.max(0, limit - Pointer.physicalBytes())) : OptionalLong.empty();
    }

    @Override
    public Class<? extends Throwable> failureType() {
        return TensorFlowException.class;
    }

    @Override
    public TensorflowNetwork compile(NetworkPlan plan, List<float[]> weights) {
        return new TensorflowNetwork(plan, weights, runtime);
    }

    /**
     * The training graph of {@link TensorflowTraining}: the loss network's weights become constants of it, up to
     * the deepest feature the loss reads.
     */
    @Override
    public TensorflowTraining compileTraining(NetworkPlan plan, LossNetwork lossNetwork, LossSpec loss) {
        return new TensorflowTraining(plan, lossNetwork, loss, runtime);
    }

    /** Nothing to free: TensorFlow stays loaded for the JVM's life, and what was compiled is closed by core. */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "TensorflowEngine[TensorFlow " + runtime.version() + ", TensorFlow Java " + TensorflowRuntime.VERSION
                + "]";
    }
}
