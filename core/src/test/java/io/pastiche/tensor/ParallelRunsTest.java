package io.pastiche.tensor;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParallelRunsTest {

    @Test
    void aFailingRunIsThrownOnlyAfterEveryOtherRunHasEnded() {
        int runs = 8;
        AtomicInteger ended = new AtomicInteger();
        assertThatThrownBy(() -> ParallelRuns.forEachRun(runs, r -> {
            if (r == 0) {
                throw new IllegalStateException("run 0 failed");
            }
            try {
                // still working when run 0 fails: a plain parallel stream would have thrown by now
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ended.incrementAndGet();
        })).isInstanceOf(IllegalStateException.class).hasMessage("run 0 failed");
        assertThat(ended).hasValue(runs - 1);
    }

    @Test
    void theOtherFailuresAreSuppressedInTheFirst() {
        assertThatThrownBy(() -> ParallelRuns.forEachRun(4, r -> {
            throw new IllegalArgumentException("run " + r);
        })).satisfies(e -> assertThat(e.getSuppressed()).hasSize(3));
    }
}
