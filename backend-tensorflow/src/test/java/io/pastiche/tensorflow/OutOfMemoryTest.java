package io.pastiche.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.pastiche.LoadOptions;
import io.pastiche.NativeMemoryException;
import io.pastiche.StyleNetwork;
import io.pastiche.testkit.ChildJvm;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A picture larger than its memory budget runs in tiles that fit, in a process with little memory, instead of
 * reaching TensorFlow whole: TensorFlow's fused normalisation does not check its allocations and crashed the JVM
 * (SIGSEGV in MklFusedBatchNormOp) when one failed. (A budget too small even for tiles is refused with the
 * smallest that works: core's MemoryBudgetTest.)
 */
class OutOfMemoryTest {

    /** Run in the child JVM: exit 0 and print the size if stylized; 2 if refused. */
    public static void main(String[] args) {
        LoadOptions options = LoadOptions.defaults().withBackend("tensorflow").withMemoryBudget(512L << 20);
        try (StyleNetwork network = StyleNetwork.loadDefault(options)) {
            BufferedImage out = network.stylize(new BufferedImage(2000, 1800, BufferedImage.TYPE_INT_RGB), 0);
            System.out.println("stylized " + out.getWidth() + "x" + out.getHeight());
        } catch (NativeMemoryException e) {
            System.out.println(e.getMessage());
            System.exit(2);
        }
    }

    @Test
    void aPictureLargerThanItsBudgetRunsInTilesNotACrash() throws Exception {
        // 5 GB of address space: enough for the JVM and TensorFlow's libraries; the 2000 x 1800 call needs about
        // 1.6 GB whole, four times its budget.
        ChildJvm.Output child = ChildJvm.run(OutOfMemoryTest.class, List.of("-Xmx768m",
                "-XX:ReservedCodeCacheSize=64m", "-XX:CompressedClassSpaceSize=64m"), Map.of(), 5_000_000);

        assertThat(child.exit()).as(child.stdout() + child.stderr()).isZero();
        assertThat(child.stdout()).contains("stylized 2000x1800");
        assertThat(child.stderr()).doesNotContain("A fatal error has been detected");
    }
}
