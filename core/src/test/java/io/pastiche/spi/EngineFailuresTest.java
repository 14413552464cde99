package io.pastiche.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.pastiche.BackendException;
import io.pastiche.NativeMemoryException;
import io.pastiche.PasticheException;
import io.pastiche.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The engines' own words for a failed allocation, as seen here, become one exception with the size. */
class EngineFailuresTest {

    private static final Tensor INPUT = new Tensor(new float[3 * 5 * 5], 1, 3, 5, 5);

    @Test
    void pyTorchsAllocatorFailureNamesTheSize() {
        PasticheException e = EngineFailures.of("PyTorch", INPUT, new RuntimeException("[enforce fail at "
                + "alloc_cpu.cpp:119] err == 0. DefaultCPUAllocator: can't allocate memory: you tried to allocate "
                + "1024000000 bytes. Error code 12 (Cannot allocate memory)"));

        assertThat(e).isInstanceOf(NativeMemoryException.class);
        assertThat(((NativeMemoryException) e).requiredBytes()).isEqualTo(1_024_000_000L);
        assertThat(e.getMessage()).contains("PyTorch ran out of memory", "an allocation of 976 MB failed",
                "scale the image down");
    }

    @Test
    void javaCppsAndTensorFlowsWaysToo() {
        assertThat(EngineFailures.of("ND4J", INPUT, new OutOfMemoryError("Cannot allocate new FloatPointer(250000000):"
                + " totalBytes = 3G, physicalBytes = 5G"))).isInstanceOf(NativeMemoryException.class);
        assertThat(EngineFailures.of("TensorFlow", INPUT, new NullPointerException("Cannot invoke \"org.bytedeco."
                + "javacpp.Pointer.capacity(long)\" because \"ptr\" is null"))).isInstanceOf(NativeMemoryException.class);
        assertThat(EngineFailures.of("TensorFlow", INPUT, new RuntimeException("OOM when allocating tensor with "
                + "shape[1,32,4000,4000]"))).isInstanceOf(NativeMemoryException.class);
    }

    @Test
    void otherFailuresNameTheEngineAndTheInput() {
        PasticheException e = EngineFailures.of("ND4J", INPUT, new RuntimeException("op failed"));

        assertThat(e).isExactlyInstanceOf(BackendException.class);
        assertThat(e.getMessage()).isEqualTo("ND4J failed to run the network on " + INPUT + ": op failed");
        assertThat(EngineFailures.isOutOfMemory(new NullPointerException("x is null"))).isFalse();
    }
}
