package io.pastiche.nd4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.pastiche.network.NetworkSpec;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.spi.CompiledNetwork;
import io.pastiche.spi.Tensor;
import io.pastiche.testkit.RandomModels;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One compiled network shared by 8 threads gives, bit for bit, what one thread alone gets. */
class ThreadSafetyTest {

    private static final int THREADS = 8;
    private static final int CALLS_PER_THREAD = 12;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void concurrentCallsGiveTheSingleThreadOutputs() throws Exception {
        NetworkSpec spec = NetworkSpec.standard(0.25);
        List<float[]> weights = RandomModels.model(spec, 1, 11).weights();
        // Each thread works on its own image and style, so a mix-up between concurrent calls would show.
        List<Tensor> inputs = new ArrayList<>();
        List<StyleEmbedding> styles = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            inputs.add(RandomModels.images(1, 24, 20 + t, 100 + t));
            styles.add(RandomModels.model(spec, 1, 200 + t).cin().embedding(0));
        }
        try (CompiledNetwork network = Nd4jTesting.backend().compile(spec, weights)) {
            List<Tensor> expected = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                expected.add(network.forward(copy(inputs.get(t)), List.of(styles.get(t))));
            }

            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<List<Tensor>>> results = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    results.add(pool.submit(() -> {
                        start.await();
                        List<Tensor> outputs = new ArrayList<>();
                        for (int i = 0; i < CALLS_PER_THREAD; i++) {
                            outputs.add(network.forward(copy(inputs.get(thread)), List.of(styles.get(thread))));
                        }
                        return outputs;
                    }));
                }
                start.countDown();
                for (int t = 0; t < THREADS; t++) {
                    for (Tensor output : results.get(t).get(4, TimeUnit.MINUTES)) {
                        assertThat(output).as("thread %d", t).isEqualTo(expected.get(t));
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static Tensor copy(Tensor t) {
        return new Tensor(t.data().clone(), t.batch(), t.channels(), t.height(), t.width());
    }
}
