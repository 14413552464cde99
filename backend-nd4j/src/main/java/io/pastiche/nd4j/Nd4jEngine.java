package io.pastiche.nd4j;

import io.pastiche.loss.LossSpec;
import io.pastiche.lossnet.LossNetwork;
import io.pastiche.plan.NetworkPlan;
import io.pastiche.spi.Engine;
import io.pastiche.spi.EngineNetwork;
import io.pastiche.spi.EngineTraining;
import java.util.List;
import java.util.OptionalLong;
import org.bytedeco.javacpp.Pointer;

/**
 * The started ND4J engine. ND4J itself is per JVM ({@link Nd4jRuntime}), so there is nothing of its own to hold
 * or release; core's backend tracks what it compiles.
 */
final class Nd4jEngine implements Engine {

    @Override
    public String engineName() {
        return "ND4J";
    }

    /** JavaCPP's limit on the process's resident memory, less what the process holds now. */
    @Override
    public OptionalLong memoryLeft() {
        long limit = Pointer.maxPhysicalBytes();
        return limit > 0 ? OptionalLong.of(Math.max(0, limit - Pointer.physicalBytes())) : OptionalLong.empty();
    }

    /** ND4J reports its native failures, allocations included, as plain runtime exceptions. */
    @Override
    public Class<? extends Throwable> failureType() {
        return RuntimeException.class;
    }

    @Override
    public EngineNetwork compile(NetworkPlan plan, List<float[]> weights) {
        return new Nd4jNetwork(plan, weights);
    }

    @Override
    public EngineTraining compileTraining(NetworkPlan plan, LossNetwork lossNetwork, LossSpec loss) {
        return new Nd4jTraining(plan, lossNetwork, loss);
    }

    @Override
    public void close() {
    }
}
