package io.pastiche.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Calls run while open; close waits for them, happens once, and refuses later calls by name. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CloseGuardTest {

    private final CloseGuard guard = new CloseGuard("test network");
    /** Two threads of its own: the common pool may have only one on a small machine. */
    private final ExecutorService threads = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void aCallReturnsWhatItComputes() {
        assertThat(guard.run(() -> 42)).isEqualTo(42);
    }

    @Test
    void aCallsExceptionPropagatesAndReleasesTheLock() {
        assertThatThrownBy(() -> guard.run(() -> {
            throw new IllegalArgumentException("bad input");
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("bad input");
        assertThat(guard.close(() -> { })).isTrue();
    }

    @Test
    void callsAfterCloseThrowWithTheNameAndDoNotRun() {
        guard.close(() -> { });
        AtomicBoolean ran = new AtomicBoolean();

        assertThatThrownBy(() -> guard.run(() -> ran.getAndSet(true)))
                .isInstanceOf(IllegalStateException.class).hasMessage("this test network is closed");
        assertThat(ran).isFalse();
    }

    @Test
    void closeReleasesOnceAndSaysWhetherItClosed() {
        AtomicInteger releases = new AtomicInteger();

        assertThat(guard.close(releases::incrementAndGet)).isTrue();
        assertThat(guard.close(releases::incrementAndGet)).isFalse();
        assertThat(guard.close(releases::incrementAndGet)).isFalse();
        assertThat(releases).hasValue(1);
    }

    @Test
    void aFailingReleaseStillLeavesItClosed() {
        AtomicInteger releases = new AtomicInteger();

        assertThatThrownBy(() -> guard.close(() -> {
            releases.incrementAndGet();
            throw new IllegalStateException("the engine refused");
        })).hasMessage("the engine refused");

        assertThatThrownBy(() -> guard.run(() -> 1)).hasMessage("this test network is closed");
        assertThat(guard.close(releases::incrementAndGet)).isFalse();
        assertThat(releases).hasValue(1);
    }

    @Test
    void closeWaitsForCallsInFlight() throws Exception {
        CountDownLatch inCall = new CountDownLatch(1);
        CountDownLatch finishCall = new CountDownLatch(1);
        List<String> events = new ArrayList<>();
        CompletableFuture<Integer> call = CompletableFuture.supplyAsync(() -> guard.run(() -> {
            inCall.countDown();
            await(finishCall);
            synchronized (events) {
                events.add("call ended");
            }
            return 7;
        }), threads);
        inCall.await();

        CompletableFuture<Boolean> close = CompletableFuture.supplyAsync(() -> guard.close(() -> {
            synchronized (events) {
                events.add("released");
            }
        }), threads);
        Thread.sleep(200);
        assertThat(close).as("close while a call is in flight").isNotDone();

        finishCall.countDown();
        assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo(7);
        assertThat(close.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(events).containsExactly("call ended", "released");
    }

    @Test
    void callsRunAtTheSameTime() throws Exception {
        CountDownLatch bothIn = new CountDownLatch(2);
        Runnable call = () -> guard.run(() -> {
            bothIn.countDown();
            await(bothIn); // returns only once the other call is inside too
            return null;
        });
        CompletableFuture<Void> first = CompletableFuture.runAsync(call, threads);
        CompletableFuture<Void> second = CompletableFuture.runAsync(call, threads);

        first.get(10, TimeUnit.SECONDS);
        second.get(10, TimeUnit.SECONDS);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
