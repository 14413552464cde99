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
 * A picture the process has no memory for is refused with the sizes, before TensorFlow starts it: TensorFlow's fused
 * normalisation does not check its allocations and crashed the JVM (SIGSEGV in MklFusedBatchNormOp) when one failed.
 */
class OutOfMemoryTest {

    /** Run in the child JVM: exit 0 and print the message if refused; 2 if anything else happened. */
    public static void main(String[] args) {
        try (StyleNetwork network = StyleNetwork.loadDefault(LoadOptions.defaults().withBackend("tensorflow"))) {
            network.stylize(new BufferedImage(4000, 4000, BufferedImage.TYPE_INT_RGB), 0);
            System.out.println("stylized");
            System.exit(2);
        } catch (NativeMemoryException e) {
            System.out.println(e.getMessage());
        }
    }

    @Test
    void aPictureTooLargeForTheMemoryLeftIsRefusedNotACrash() throws Exception {
        // 5 GB of address space: enough for the JVM and TensorFlow's libraries, not for a 16-megapixel call (~6 GB).
        ChildJvm.Output child = ChildJvm.run(OutOfMemoryTest.class, List.of("-Xmx768m",
                "-XX:ReservedCodeCacheSize=64m", "-XX:CompressedClassSpaceSize=64m"), Map.of(), 5_000_000);

        assertThat(child.exit()).as(child.stdout() + child.stderr()).isZero();
        assertThat(child.stdout()).contains("stylizing 1 image(s) of 4000x4000 pixels needs about",
                "this process can have", "scale the image down");
        assertThat(child.stderr()).doesNotContain("A fatal error has been detected");
    }
}
