package io.pastiche.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.pastiche.model.Model;
import io.pastiche.network.NetworkSpec;
import io.pastiche.plan.NetworkPlan;
import io.pastiche.plan.StyleBatch;
import io.pastiche.spi.NativeEnvironment;
import io.pastiche.testkit.RandomModels;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.RunMetadata;

/**
 * TensorFlow runs the network's convolutions on its oneDNN kernels on every x86 CPU, not only on those it enables
 * them for by default (AVX-512 VNNI and newer), because the runtime switches them on before the library loads.
 */
class OneDnnKernelsTest {

    @Test
    void convolutionsRunOnOneDnnKernelsOnX86() {
        assumeThat(TensorflowRuntime.isX86(System.getProperty("os.arch", ""))).as("an x86 machine").isTrue();
        assumeThat(System.getenv(TensorflowRuntime.ONEDNN)).as("no choice of the user's in the environment").isNull();
        NetworkSpec spec = NetworkSpec.standard(0.25, 1);
        Model model = RandomModels.model(spec, 1, 1);
        NetworkPlan plan = NetworkPlan.of(spec);
        TensorflowRuntime runtime = TensorflowRuntime.start();
        assertThat(NativeEnvironment.get(TensorflowRuntime.ONEDNN)).isEqualTo("1");
        Set<String> kernels = new TreeSet<>();
        try (TensorflowNetwork network = new TensorflowEngine(runtime).compile(plan, model.weights())) {
            RunMetadata metadata = network.trace(RandomModels.images(1, 32, 32, 2),
                    StyleBatch.of(List.of(model.cin().embedding(0))));
            metadata.getStepStats().getDevStatsList().forEach(device -> device.getNodeStatsList()
                    .forEach(node -> kernels.add(StepProfile.type(node))));
        }
        assertThat(kernels).contains("_MklNativeConv2D").doesNotContain("Conv2D");
    }

    @Test
    void onlyX86BuildsHaveThem() {
        assertThat(TensorflowRuntime.isX86("amd64")).isTrue();
        assertThat(TensorflowRuntime.isX86("x86_64")).isTrue();
        assertThat(TensorflowRuntime.isX86("aarch64")).isFalse();
    }
}
